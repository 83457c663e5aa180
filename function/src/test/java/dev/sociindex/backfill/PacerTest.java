package dev.sociindex.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    private Pacer pacer(double perSecond) {
        return new Pacer(perSecond, () -> now, duration -> {
            sleeps.add(duration);
            now += duration.toNanos();
        });
    }

    @Test
    void startsAreSpacedByTheInterval() throws IOException {
        Pacer pacer = pacer(2);
        pacer.awaitTurn();
        pacer.awaitTurn();
        now += 100_000_000L; // the conversion took 100 ms
        pacer.awaitTurn();
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(400)), sleeps);
    }

    @Test
    void aSlowConversionLeavesNothingToWait() throws IOException {
        Pacer pacer = pacer(2);
        pacer.awaitTurn();
        now += 2_000_000_000L;
        pacer.awaitTurn();
        assertEquals(List.of(), sleeps);
    }

    @Test
    void ratesParseInImagesPerSecondOrMinute() {
        assertEquals(2.0, Pacer.parseRate("2/s"));
        assertEquals(0.5, Pacer.parseRate("0.5"));
        assertEquals(0.5, Pacer.parseRate("30/m"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Pacer.parseRate("fast"));
        assertEquals("rate 'fast' must be a positive number per second ('2/s', '0.5') or per minute ('30/m')", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pacer.parseRate("0/s"));
        assertThrows(IllegalArgumentException.class, () -> Pacer.parseRate("-1"));
    }
}
