package dev.sociindex.lambda;

import org.slf4j.MDC;

/**
 * Puts the event's repository, digest and tag into the logging context (SLF4J's MDC, which Log4j's JSON layout
 * prints as top-level fields), so that every line of the invocation carries them, and removes them again.
 */
final class LogContext implements AutoCloseable {
    static final String REPOSITORY = "repository";
    static final String DIGEST = "digest";
    static final String TAG = "tag";

    private LogContext() {
    }

    static LogContext of(EcrImageAction.Detail detail) {
        put(REPOSITORY, detail.repositoryName());
        put(DIGEST, detail.imageDigest());
        put(TAG, detail.tagOrEmpty());
        return new LogContext();
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        MDC.remove(REPOSITORY);
        MDC.remove(DIGEST);
        MDC.remove(TAG);
    }
}
