package dev.sociindex.registry;

import dev.sociindex.oci.BlobNotFoundException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs an operation again after transient failures, per a {@link RetryPolicy}. Transient: a
 * {@link RegistryException} marked so (connection errors, 429, 5xx) and any other I/O error (a body cut off while
 * being read). Never retried: non-transient registry answers, missing blobs, interruption.
 */
final class Retrier {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RetryListener listener;

    Retrier(RetryPolicy policy, Sleeper sleeper) {
        this(policy, sleeper, RetryListener.NONE);
    }

    Retrier(RetryPolicy policy, Sleeper sleeper, RetryListener listener) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    RetryPolicy policy() {
        return policy;
    }

    /** Runs {@code call}; {@code what} names the operation in the final failure's message. */
    <T> T run(String what, IoCall<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            String cause;
            try {
                return call.call();
            } catch (RegistryException e) {
                if (!e.transientFailure() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new RegistryException(what + " failed after " + attempt + " attempts: " + e.getMessage(),
                            e.status(), true, e);
                }
                if (e instanceof RetryAfterException throttled) {
                    retryAfter = Optional.of(throttled.retryAfter());
                }
                cause = e.getMessage();
            } catch (BlobNotFoundException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= policy.maxAttempts()) {
                    throw new RegistryException(what + " failed after " + attempt + " attempts: " + e, 0, true, e);
                }
                cause = e.toString();
            }
            Duration delay = policy.delayAfter(attempt, retryAfter);
            listener.retrying(what, attempt, cause, delay);
            pause(delay);
        }
    }

    /** Waits as the policy says after failed attempt {@code attempt}; used by streams that resume themselves. */
    void pauseAfter(int attempt) throws IOException {
        pause(policy.delayAfter(attempt, Optional.empty()));
    }

    private void pause(Duration delay) throws IOException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
