package dev.sociindex.registry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a registry call is retried after a transient failure (connection error, 429, 5xx).
 *
 * @param maxAttempts attempts in total, at least 1 (1 means no retry)
 * @param baseDelay   delay before the first retry; it doubles per attempt
 * @param maxDelay    cap on any delay, including a server's {@code Retry-After}
 * @param maxElapsed  deadline of one operation, from its first attempt: no retry starts after it
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxElapsed) {
    /** How long one operation may keep retrying by default: a registry that is down longer is down. */
    public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofMinutes(2);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, got " + baseDelay + " and " + maxDelay);
        }
        if (maxElapsed.isNegative() || maxElapsed.isZero()) {
            throw new IllegalArgumentException("maxElapsed must be positive, was " + maxElapsed);
        }
    }

    /** With the default {@link #DEFAULT_MAX_ELAPSED} deadline per operation. */
    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this(maxAttempts, baseDelay, maxDelay, DEFAULT_MAX_ELAPSED);
    }

    /** Five attempts, 200 ms doubling up to 10 s: rides out a registry restart or a short throttle. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /**
     * The pause before attempt {@code failedAttempt + 1}. A server's {@code Retry-After} wins (capped); otherwise
     * exponential backoff with "equal jitter" (half fixed, half random) so parallel layer uploads do not retry in step.
     */
    public Duration delayAfter(int failedAttempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(maxDelay) > 0 ? maxDelay : asked;
        }
        long base = baseDelay.toNanos();
        int doublings = Math.min(failedAttempt - 1, 30);
        long exponential = base > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : base << doublings;
        long capped = Math.min(exponential, maxDelay.toNanos());
        long half = capped / 2;
        return Duration.ofNanos(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
