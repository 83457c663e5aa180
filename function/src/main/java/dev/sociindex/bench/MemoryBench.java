package dev.sociindex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.contract.Defaults;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Part 3: the heap a layer's zTOC build needs, in a child JVM whose {@code -Xmx} is the claim itself: 64 MB for
 * everything but checkpoints and TOC, plus three copies of the expected checkpoint windows (the inflater's list, the
 * encoded blob, slack) and 1 KiB per expected file. The layer (1 GB and 4 GB; 20 GB with {@code --large}) is
 * generated on the fly by {@link MemoryProbe}, so nothing touches the disk.
 */
final class MemoryBench {
    static final long CLAIM_BYTES = 64L << 20;
    private static final long GB = 1_000_000_000L;

    private final BenchOptions options;
    private final Consumer<String> progress;

    MemoryBench(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * @param xmxBytes         the child's heap limit
     * @param restUnderClaim   whether the largest heap outside checkpoints and TOC stayed below 64 MB
     */
    record Run(long requestedBytes, long xmxBytes, MemoryProbe.Report probe, boolean restUnderClaim) {
    }

    record Result(long claimBytes, String gc, List<Run> runs) {
    }

    Result run() throws Exception {
        List<Long> sizes = options.quick() ? List.of(32_000_000L, 128_000_000L)
                : options.large() ? List.of(GB, 4 * GB, 20 * GB) : List.of(GB, 4 * GB);
        List<Run> runs = new ArrayList<>();
        for (long size : sizes) {
            long xmx = xmxFor(size);
            progress.accept(String.format("memory: %d MB layer streamed into ZtocBuilder with -Xmx%dm", size / 1_000_000, xmx >> 20));
            ChildJvm.Finished finished = ChildJvm.run(List.of("-Xmx" + (xmx >> 20) + "m", "-XX:+UseSerialGC"),
                    MemoryProbe.class.getName(), List.of(Long.toString(size)));
            finished.requireSuccess("the memory probe for " + size + " bytes under -Xmx" + (xmx >> 20) + "m");
            MemoryProbe.Report report = new ObjectMapper().readValue(finished.lines().getLast(), MemoryProbe.Report.class);
            runs.add(new Run(size, xmx, report, report.maxRestBytes() < CLAIM_BYTES));
        }
        return new Result(CLAIM_BYTES, "Serial (what Lambda's JVM picks for 1 vCPU)", runs);
    }

    /** The claim as a heap limit, rounded up to whole MiB. */
    static long xmxFor(long uncompressedBytes) {
        long checkpoints = uncompressedBytes / Defaults.SPAN_SIZE + 2;
        long files = uncompressedBytes / SyntheticLayer.MEAN_FILE_BYTES + 1;
        long bytes = CLAIM_BYTES + 3 * checkpoints * 32768 + files * 1024;
        return (bytes + (1 << 20) - 1) >> 20 << 20;
    }
}
