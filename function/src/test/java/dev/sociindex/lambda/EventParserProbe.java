package dev.sociindex.lambda;

/**
 * Opens the package-private {@link EventParser} to the reliability fuzz harness: a payload either parses or is
 * rejected with a {@link MalformedEventException}; anything else escaping is a finding.
 */
public final class EventParserProbe {
    private EventParserProbe() {
    }

    /** Parses {@code payload}; returns whether the event is a successful push (so the result is used). */
    public static boolean parse(byte[] payload) {
        return new EventParser().parse(payload).detail().isSuccessfulPush();
    }
}
