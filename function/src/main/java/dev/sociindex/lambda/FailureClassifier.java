package dev.sociindex.lambda;

import dev.sociindex.aws.AwsCallException;
import dev.sociindex.registry.RegistryException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides whether a failure is worth retrying, by its type alone. Transient: the time budget; registry failures the
 * client types as transient (connection failures, 408, 429, 5xx); AWS calls the adapters or the SDK type as
 * transient (throttling, 5xx, network); the JDK's connection and timeout exceptions. Everything else is permanent:
 * malformed events, manifests and layers, missing blobs, other registry and AWS refusals (AccessDenied included),
 * and any other exception, plain {@code IOException}s too, because retrying the same input reproduces them and only
 * delays the DLQ record.
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
            case RegistryException e -> e.transientFailure();
            case AwsCallException e -> e.transientFailure();
            case SdkException e -> AwsCallException.isTransient(e);
            // the JDK's own types for a connection that failed or timed out (interruption is not among them)
            case SocketException e -> true;
            case UnknownHostException e -> true;
            case HttpTimeoutException e -> true;
            case InterruptedIOException e -> e.getClass() != InterruptedIOException.class;
            default -> false;
        };
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
