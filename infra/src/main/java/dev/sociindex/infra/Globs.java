package dev.sociindex.infra;

/** Helpers for the filter globs, whose only metacharacter is {@code *} (any run of characters). */
final class Globs {
    private Globs() {
    }

    /**
     * {@code **} means the same as {@code *} in our filters, but EventBridge rejects consecutive wildcards and
     * IAM gains nothing from them, so both derivations use the collapsed form.
     */
    static String collapse(String glob) {
        return glob.replaceAll("\\*+", "*");
    }

    static boolean matchesEverything(String glob) {
        return collapse(glob).equals("*");
    }

    static boolean hasWildcard(String glob) {
        return glob.indexOf('*') >= 0;
    }

    /** The literal text after the last {@code *}: every value the glob matches ends with it. */
    static String literalTail(String glob) {
        return glob.substring(glob.lastIndexOf('*') + 1);
    }
}
