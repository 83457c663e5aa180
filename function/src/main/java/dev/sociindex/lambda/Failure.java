package dev.sociindex.lambda;

/**
 * A classified error.
 *
 * @param cause     the exception that decided the classification (wrappers removed)
 * @param errorType the {@code ErrorType} dimension of {@code ImagesFailed}: the simple class name of {@code cause}
 */
record Failure(Kind kind, Throwable cause, String errorType) {

    enum Kind {
        /** A later attempt may succeed: rethrown so that Lambda's asynchronous retries apply. */
        TRANSIENT,
        /** The same input fails the same way: recorded in the DLQ at once, never retried. */
        PERMANENT
    }

    boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    String message() {
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    }
}
