package dev.sociindex.bench;

import java.util.List;

/**
 * Durations of repeated runs of one measurement: the first (cold: JIT, page cache and file system warming up) and
 * the mean and best of the rest (warm). With a single round the warm figures repeat the cold one.
 */
public record RoundStats(double coldSeconds, double warmMeanSeconds, double warmBestSeconds, int rounds) {

    public static RoundStats of(List<Double> seconds) {
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("no rounds measured");
        }
        List<Double> warm = seconds.size() > 1 ? seconds.subList(1, seconds.size()) : seconds;
        double mean = warm.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double best = warm.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return new RoundStats(seconds.get(0), mean, best, seconds.size());
    }

    /** Throughput in MB/s (10^6 bytes per second) of {@code bytes} for each figure. */
    public Rates rates(long bytes) {
        return new Rates(mbps(bytes, coldSeconds), mbps(bytes, warmMeanSeconds), mbps(bytes, warmBestSeconds));
    }

    /** How many times faster this is than {@code baseline}, figure by figure (baseline time / our time). */
    public Rates speedOver(RoundStats baseline) {
        return new Rates(baseline.coldSeconds / coldSeconds, baseline.warmMeanSeconds / warmMeanSeconds,
                baseline.warmBestSeconds / warmBestSeconds);
    }

    private static double mbps(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    /** One value per figure: cold, warm mean (bytes over mean time), warm best. */
    public record Rates(double cold, double warmMean, double warmBest) {
    }
}
