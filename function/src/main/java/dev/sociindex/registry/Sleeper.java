package dev.sociindex.registry;

import java.time.Duration;

/** Waits between retries; tests substitute one that records the delays instead of waiting. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return duration -> Thread.sleep(duration);
    }
}
