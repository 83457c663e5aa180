package dev.sociindex.oci;

import java.util.regex.Pattern;

/** The OCI distribution grammar for repository names and tags; validated before they go into a URL or a file. */
public final class Names {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private Names() {
    }

    public static String requireRepository(String repository) {
        if (repository == null || repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("not a valid repository name (lower-case letters, digits, separators"
                    + " . _ __ - and / between path components): '" + repository + "'");
        }
        return repository;
    }

    public static boolean isTag(String reference) {
        return reference != null && TAG.matcher(reference).matches();
    }

    /** A reference must be a tag or a sha256 digest. */
    public static String requireReference(String reference) {
        if (isTag(reference)) {
            return reference;
        }
        if (reference != null && Digests.isDigest(reference)) {
            return Digests.requireSha256(reference);
        }
        throw new IllegalArgumentException("not a tag (up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -)"
                + " nor a sha256 digest: '" + reference + "'");
    }
}
