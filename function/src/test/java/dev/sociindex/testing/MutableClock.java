package dev.sociindex.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move forward by hand, so that time-dependent behaviour is tested without waiting. */
public final class MutableClock extends Clock {
    /** Volatile: a test may advance it on one thread while the code under test reads it on others. */
    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC only");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
