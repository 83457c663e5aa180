package dev.sociindex.registry;

import java.time.Duration;
import java.util.List;

/** A transient failure whose response said how long to wait ({@code Retry-After}). */
final class RetryAfterException extends RegistryException {
    private final Duration retryAfter;

    RetryAfterException(String message, int status, Duration retryAfter, List<RegistryErrorCode> codes) {
        super(message, status, true, null, codes);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
