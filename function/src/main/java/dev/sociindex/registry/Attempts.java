package dev.sociindex.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The retry budget of one registry operation: the policy's attempts and a deadline, shared by everything the
 * operation does. A blob download's first request and every resume of its body draw from one budget, so a dead
 * registry costs at most {@code maxAttempts} requests per operation instead of retries nested inside retries.
 */
final class Attempts {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RetryListener listener;
    private final Instant deadline;
    private int failed;

    Attempts(RetryPolicy policy, Sleeper sleeper, RetryListener listener, Instant now) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.listener = listener;
        this.deadline = now.plus(policy.maxElapsed());
    }

    /**
     * Records a transient failure of {@code what}: waits out the policy's delay when another attempt is allowed,
     * and otherwise throws the final failure, which says how many attempts were made.
     */
    void afterFailure(String what, RegistryException failure) throws IOException {
        failed++;
        if (failed >= policy.maxAttempts()) {
            throw new RegistryException(what + " failed after " + failed + " attempts: " + failure.getMessage(),
                    failure.status(), true, failure, failure.codes());
        }
        Optional<Duration> retryAfter = failure instanceof RetryAfterException throttled
                ? Optional.of(throttled.retryAfter()) : Optional.empty();
        Duration delay = policy.delayAfter(failed, retryAfter);
        if (Instant.now().plus(delay).isAfter(deadline)) {
            throw new RegistryException(what + " failed " + failed + " times and the next attempt would start after"
                    + " the operation's deadline (" + policy.maxElapsed().toSeconds() + " s): " + failure.getMessage(),
                    failure.status(), true, failure, failure.codes());
        }
        listener.retrying(what, failed, failure.getMessage(), delay);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + what);
        }
    }

    /** Failed attempts so far. */
    int failures() {
        return failed;
    }
}
