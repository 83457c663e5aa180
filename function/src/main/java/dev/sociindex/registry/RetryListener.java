package dev.sociindex.registry;

import java.time.Duration;

/** Told of every retry of a registry call, before the wait (the CLI prints a line per retry with its cause). */
@FunctionalInterface
public interface RetryListener {
    RetryListener NONE = (what, attempt, cause, delay) -> {
    };

    /**
     * @param what    the operation, e.g. {@code GET blob sha256:... of host/repo}
     * @param attempt the attempt that failed (1 for the first)
     * @param cause   why it failed, one line
     * @param delay   the wait before the next attempt
     */
    void retrying(String what, int attempt, String cause, Duration delay);
}
