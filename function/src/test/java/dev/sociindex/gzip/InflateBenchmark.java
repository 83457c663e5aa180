package dev.sociindex.gzip;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Warm throughput of our checkpointing inflater versus java.util.zip.GZIPInputStream on one .gz file, in
 * alternating rounds. Output is drained and discarded; MB/s means 10^6 uncompressed bytes per second.
 * Usage: {@code InflateBenchmark file.gz [rounds] [spanSize]}.
 */
public final class InflateBenchmark {
    private InflateBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long spanSize = args.length > 2 ? Long.parseLong(args[2]) : 4 << 20;
        byte[] buffer = new byte[1 << 16];
        double bestOurs = 0;
        double bestJdk = 0;
        double sumOurs = 0;
        double sumJdk = 0;
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long ours;
            int checkpoints;
            try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(
                    Files.newInputStream(file), spanSize)) {
                ours = drain(in, buffer);
                checkpoints = in.checkpoints().size();
            }
            long t1 = System.nanoTime();
            long jdk;
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                    1 << 16)) {
                jdk = drain(in, buffer);
            }
            long t2 = System.nanoTime();
            if (ours != jdk) {
                throw new IllegalStateException("output sizes differ: ours " + ours + ", GZIPInputStream " + jdk);
            }
            double oursMbps = ours / 1e6 / ((t1 - t0) / 1e9);
            double jdkMbps = jdk / 1e6 / ((t2 - t1) / 1e9);
            System.out.printf("round %d%s: ours %.0f MB/s (%d checkpoints), GZIPInputStream %.0f MB/s, ratio %.2f%n",
                    round, round == 0 ? " (cold, not counted)" : "", oursMbps, checkpoints, jdkMbps,
                    oursMbps / jdkMbps);
            if (round > 0) {
                bestOurs = Math.max(bestOurs, oursMbps);
                bestJdk = Math.max(bestJdk, jdkMbps);
                sumOurs += oursMbps;
                sumJdk += jdkMbps;
            }
        }
        System.out.printf("warm mean: ours %.0f MB/s, GZIPInputStream %.0f MB/s, ratio %.2f%n",
                sumOurs / rounds, sumJdk / rounds, sumOurs / sumJdk);
        System.out.printf("warm best: ours %.0f MB/s, GZIPInputStream %.0f MB/s, ratio %.2f%n",
                bestOurs, bestJdk, bestOurs / bestJdk);
    }

    private static long drain(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
        }
        return total;
    }
}
