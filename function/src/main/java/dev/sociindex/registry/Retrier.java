package dev.sociindex.registry;

import java.io.IOException;
import java.time.Instant;

/**
 * Runs an operation again after transient failures, per a {@link RetryPolicy}: the one retry layer of the client.
 * Retried are {@link RegistryException}s marked transient (connection failures, 408, 429, 5xx) and nothing else:
 * other exceptions (bad content, missing blobs, interruption) describe the input, and a retry would only repeat
 * them. Operations built from several requests pass one {@link Attempts} down instead of nesting retries.
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

    /** A fresh budget for one operation; its deadline starts now. */
    Attempts start() {
        return new Attempts(policy, sleeper, listener, Instant.now());
    }

    /** Runs {@code call} with a budget of its own; {@code what} names the operation in the final failure. */
    <T> T run(String what, IoCall<T> call) throws IOException {
        return run(what, start(), call);
    }

    /** Runs {@code call}, drawing retries from {@code attempts}, which the caller may go on using. */
    <T> T run(String what, Attempts attempts, IoCall<T> call) throws IOException {
        while (true) {
            try {
                return call.call();
            } catch (RegistryException e) {
                if (!e.transientFailure() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                attempts.afterFailure(what, e);
            }
        }
    }
}
