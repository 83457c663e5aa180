package dev.sociindex.aws;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS call of an adapter failed. {@link #transientFailure()} is decided once, here, from the SDK's exception
 * (after the SDK's own retries): throttling, 5xx, and client-side failures the SDK marks retryable or that are
 * network errors are transient; an answer such as AccessDenied, a missing table or a validation error is not.
 */
public final class AwsCallException extends IOException {
    private final boolean transientFailure;

    private AwsCallException(String message, SdkException cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** @param what the call and its target, e.g. {@code PutItem into table T} */
    public static AwsCallException of(String what, SdkException cause) {
        return new AwsCallException(what + " failed: " + cause.getMessage(), cause, isTransient(cause));
    }

    /** A call that got an answer which says the request was refused (no SDK exception). */
    public static AwsCallException refused(String message) {
        return new AwsCallException(message, null, false);
    }

    public static boolean isTransient(SdkException e) {
        return switch (e) {
            case AwsServiceException service -> service.isThrottlingException() || service.statusCode() >= 500
                    || service.statusCode() == 408;
            case SdkClientException client -> client.retryable() || client.getCause() instanceof IOException;
            default -> e.retryable();
        };
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
