package dev.sociindex.registry;

import java.io.IOException;
import java.util.List;

/**
 * A registry answered with an error. {@link #transientFailure()} tells callers (the Lambda) whether a retry later may
 * succeed (5xx, 429, connection failures after the client's own retries) or not (other 4xx, bad content).
 */
public class RegistryException extends IOException {
    private final int status;
    private final boolean transientFailure;
    private final List<RegistryErrorCode> codes;

    public RegistryException(String message, int status, boolean transientFailure, Throwable cause) {
        this(message, status, transientFailure, cause, List.of());
    }

    /** @param codes the spec error codes of the response body, in its order */
    public RegistryException(String message, int status, boolean transientFailure, Throwable cause,
                             List<RegistryErrorCode> codes) {
        super(message, cause);
        this.status = status;
        this.transientFailure = transientFailure;
        this.codes = List.copyOf(codes);
    }

    /** The error codes the registry's answer carried; empty when it sent none (or no answer arrived). */
    public List<RegistryErrorCode> codes() {
        return codes;
    }

    public boolean has(RegistryErrorCode code) {
        return codes.contains(code);
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
