package dev.sociindex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundStatsTest {

    @Test
    void firstRoundIsColdTheRestAreWarm() {
        RoundStats stats = RoundStats.of(List.of(4.0, 2.0, 1.0, 3.0));
        assertEquals(4.0, stats.coldSeconds());
        assertEquals(2.0, stats.warmMeanSeconds());
        assertEquals(1.0, stats.warmBestSeconds());
        assertEquals(4, stats.rounds());
    }

    @Test
    void oneRoundIsBothColdAndWarm() {
        RoundStats stats = RoundStats.of(List.of(2.5));
        assertEquals(new RoundStats(2.5, 2.5, 2.5, 1), stats);
    }

    @Test
    void ratesAreMegabytesPerSecondOfMeanTimes() {
        RoundStats stats = RoundStats.of(List.of(4.0, 2.0, 1.0, 3.0));
        assertEquals(new RoundStats.Rates(50, 100, 200), stats.rates(200_000_000));
    }

    @Test
    void speedOverIsBaselineTimeOverOurTime() {
        RoundStats ours = RoundStats.of(List.of(2.0, 1.0));
        RoundStats baseline = RoundStats.of(List.of(1.0, 2.0));
        assertEquals(new RoundStats.Rates(0.5, 2.0, 2.0), ours.speedOver(baseline));
    }

    @Test
    void noRoundsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RoundStats.of(List.of()));
    }
}
