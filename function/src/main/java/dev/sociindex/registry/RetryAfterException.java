package dev.sociindex.registry;

import java.time.Duration;

/** A transient failure whose response said how long to wait ({@code Retry-After}). */
final class RetryAfterException extends RegistryException {
    private final Duration retryAfter;

    RetryAfterException(String message, int status, Duration retryAfter) {
        super(message, status, true, null);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
