package dev.sociindex.backfill;

import dev.sociindex.registry.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces conversions at most {@code perSecond} apart, so that a backfill of a whole registry does not compete with
 * the pulls of running workloads (or trip the registry's request limits). No bursts: each start waits for the
 * previous one's slot to pass.
 */
public final class Pacer {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextStart = Long.MIN_VALUE;

    public Pacer(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be a positive number of images per second, was " + perSecond);
        }
        this.intervalNanos = Math.round(1e9 / perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static Pacer unlimited() {
        return new Pacer(Double.MAX_VALUE, System::nanoTime, Sleeper.real());
    }

    /** Parses {@code N/s}, {@code N/m} or a bare {@code N} (per second); N may be fractional. */
    public static double parseRate(String text) {
        String rate = text.strip();
        double divisor = 1;
        if (rate.endsWith("/s")) {
            rate = rate.substring(0, rate.length() - 2);
        } else if (rate.endsWith("/m")) {
            rate = rate.substring(0, rate.length() - 2);
            divisor = 60;
        }
        try {
            double value = Double.parseDouble(rate) / divisor;
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate '" + text + "' must be a positive number per second ('2/s', '0.5')"
                    + " or per minute ('30/m')");
        }
    }

    /** Blocks until the next start is allowed. */
    public void awaitTurn() throws IOException {
        long now = nanoTime.getAsLong();
        if (nextStart != Long.MIN_VALUE && now < nextStart) {
            try {
                sleeper.sleep(Duration.ofNanos(nextStart - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while pacing the backfill", e);
            }
            now = nextStart;
        }
        nextStart = now + intervalNanos;
    }
}
