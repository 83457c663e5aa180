package dev.sociindex.registry;

import java.io.IOException;

/**
 * A registry answered with an error. {@link #transientFailure()} tells callers (the Lambda) whether a retry later may
 * succeed (5xx, 429, connection failures after the client's own retries) or not (other 4xx, bad content).
 */
public class RegistryException extends IOException {
    private final int status;
    private final boolean transientFailure;

    public RegistryException(String message, int status, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.transientFailure = transientFailure;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
