package dev.sociindex.contract;

/** The output-tag rule: the SOCI-enabled image index of {@code TAG} is tagged {@code TAG + suffix}. */
public final class OutputTags {
    /** OCI tags are at most 128 characters. */
    public static final int MAX_TAG_LENGTH = 128;

    private OutputTags() {
    }

    public static String outputTag(String sourceTag, String suffix) {
        String tag = sourceTag + suffix;
        if (tag.length() > MAX_TAG_LENGTH) {
            throw new IllegalArgumentException("output tag '" + tag + "' is longer than " + MAX_TAG_LENGTH + " characters");
        }
        return tag;
    }

    /** The loop guard: a tag that already carries the suffix is one of our own outputs. */
    public static boolean isOutputTag(String tag, String suffix) {
        return tag.endsWith(suffix);
    }
}
