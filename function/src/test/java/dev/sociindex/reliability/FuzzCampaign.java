package dev.sociindex.reliability;

import dev.sociindex.oci.Digests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs seeded mutations of a corpus through the fuzz targets until an execution count or a deadline;
 * the same seed and count give the same inputs. Findings are distinct by target, throwable type and first frame.
 */
final class FuzzCampaign {

    /** An input that made a target throw something its contract does not allow. */
    record Finding(FuzzTarget target, String signature, byte[] input, Throwable failure) {
    }

    record Report(Map<FuzzTarget, Long> executions, List<Finding> findings, Duration slowest) {
        long total() {
            return executions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<FuzzTarget, List<byte[]>> corpus;

    FuzzCampaign(Map<FuzzTarget, List<byte[]>> corpus) {
        this.corpus = corpus;
    }

    /**
     * Fuzzes each target in turn, for at most {@code maxExecutionsPerTarget} inputs (the corpus itself first) or until
     * its equal share of the time up to {@code deadline} is used, so that fast parsers are not held to the pace of the
     * slowest.
     */
    Report run(List<FuzzTarget> targets, long seed, long maxExecutionsPerTarget, Instant deadline) {
        Map<FuzzTarget, Long> executions = new LinkedHashMap<>();
        Map<String, Finding> findings = new LinkedHashMap<>();
        long slowest = 0;
        for (int t = 0; t < targets.size(); t++) {
            FuzzTarget target = targets.get(t);
            Instant now = Instant.now();
            Instant share = now.plus(Duration.between(now, deadline).dividedBy(targets.size() - t));
            Mutator mutator = new Mutator(seed * 31 + target.ordinal(), corpus.get(target));
            List<byte[]> seeds = corpus.get(target);
            long count = 0;
            for (; count < maxExecutionsPerTarget && (count % 64 != 0 || Instant.now().isBefore(share)); count++) {
                byte[] input = count < seeds.size() ? seeds.get((int) count) : mutator.next();
                long start = System.nanoTime();
                try {
                    target.run(input);
                } catch (Throwable failure) {
                    String signature = signature(target, failure);
                    findings.putIfAbsent(signature, new Finding(target, signature, input, failure));
                }
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            executions.put(target, count);
        }
        return new Report(executions, new ArrayList<>(findings.values()), Duration.ofNanos(slowest));
    }

    private static String signature(FuzzTarget target, Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        String where = frames.length == 0 ? "?" : frames[0].getClassName() + "." + frames[0].getMethodName() + ":"
                + frames[0].getLineNumber();
        return target + " " + failure.getClass().getName() + " at " + where;
    }

    static String describe(Finding finding) {
        return finding.signature() + " (input " + finding.input().length + " bytes, " + Digests.sha256(finding.input())
                + "): " + finding.failure();
    }
}
