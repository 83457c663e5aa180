package dev.sociindex.lambda;

import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.registry.RegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Decides whether a failure is worth retrying. Transient: the time budget, registry errors the client marks as
 * transient (5xx, 429), network failures, AWS throttling and 5xx, AWS client-side (connection) errors. Everything
 * else is permanent: malformed events, manifests and layers (the format exceptions), missing blobs, other registry
 * 4xx, and any unexpected exception, because retrying the same input reproduces it and only delays the DLQ record.
 */
final class FailureClassifier {

    Failure classify(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        Failure.Kind kind = isTransient(cause) ? Failure.Kind.TRANSIENT : Failure.Kind.PERMANENT;
        return new Failure(kind, cause, cause.getClass().getSimpleName());
    }

    private static boolean isTransient(Throwable cause) {
        return switch (cause) {
            case TimeBudgetExceededException e -> true;
            case BlobNotFoundException e -> false;
            case RegistryException e -> e.transientFailure();
            case IOException e -> isNetworkFailure(e);
            case AwsServiceException e -> e.isThrottlingException() || e.statusCode() >= 500;
            case SdkClientException e -> true;
            default -> false;
        };
    }

    /**
     * Network failures surface as the JDK's socket, timeout and TLS exceptions, or as a bare {@link IOException}
     * (java.net.http reports a reset connection that way). Subclasses from our own code (gzip, tar, zTOC format
     * errors) are deliberately not in this list: they describe the content, not the connection.
     */
    private static boolean isNetworkFailure(IOException e) {
        return e.getClass() == IOException.class
                || e instanceof SocketException
                || e instanceof UnknownHostException
                || e instanceof InterruptedIOException
                || e instanceof HttpTimeoutException
                || e instanceof SSLException
                || e instanceof EOFException;
    }

    /** Parallel layer work and stream APIs wrap the real exception; the wrapper says nothing about retrying. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof UncheckedIOException || current instanceof CompletionException
                || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
