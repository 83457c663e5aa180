package dev.sociindex.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The long fuzz run, by hand and outside CI:
 * {@code java -cp function/target/test-classes:function/target/classes:$(cat cp.txt)
 * dev.sociindex.reliability.FuzzMain --seconds 600 [--seed N] [--targets GZIP,TAR] [--findings DIR]}.
 * Each finding's input is written to the findings directory (default {@code target/fuzz-findings}) so that it can
 * become a regression test. Exit status 1 when anything was found.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long seconds = 60;
        long seed = System.nanoTime();
        List<FuzzTarget> targets = List.of(FuzzTarget.values());
        Path findingsDir = Path.of("target", "fuzz-findings");
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--targets" -> targets = Arrays.stream(value.split(",")).map(FuzzTarget::valueOf).toList();
                case "--findings" -> findingsDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<FuzzTarget, List<byte[]>> corpus = FuzzCorpus.build();
        System.out.println("seed " + seed + ", " + seconds + " s, targets " + targets);
        Instant start = Instant.now();
        FuzzCampaign.Report report = new FuzzCampaign(corpus).run(targets, seed, Long.MAX_VALUE,
                start.plus(Duration.ofSeconds(seconds)));
        System.out.println("executions " + report.total() + " in " + Duration.between(start, Instant.now()).toSeconds()
                + " s: " + report.executions() + "; slowest single input " + report.slowest().toMillis() + " ms");
        Files.createDirectories(findingsDir);
        for (FuzzCampaign.Finding finding : report.findings()) {
            Path file = findingsDir.resolve(finding.target() + "-" + Integer.toHexString(finding.signature().hashCode())
                    + ".bin");
            Files.write(file, finding.input());
            System.out.println("FINDING " + FuzzCampaign.describe(finding) + " -> " + file);
            finding.failure().printStackTrace(System.out);
        }
        System.out.println(report.findings().size() + " findings");
        System.exit(report.findings().isEmpty() ? 0 : 1);
    }
}
