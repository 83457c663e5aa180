package dev.sociindex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Part 3: the heap a layer's zTOC build needs, in a child JVM whose {@code -Xmx} is the claim itself: 64 MB for
 * everything but the TOC, plus 1 KiB per expected file; nothing for the checkpoint windows, which past the spill
 * threshold wait in a spill file. The layer (1 GB and 4 GB; 20 GB with {@code --large}) is generated on the fly by
 * {@link MemoryProbe}, so only the spill file touches the disk. Then {@code ztoc build} as a user runs it, on a
 * 4 GiB layer of 1 MiB files, under {@code -Xmx64m}; and {@code convert} of an image of three 2 GiB layers, two at
 * once, under the one-layer heap plus a constant ({@link LargeImageMemory}).
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

    /** {@code ztoc build} of a layer of {@code files} files under {@code -Xmx} of {@code xmxBytes}. */
    record CommandRun(long uncompressedBytes, int files, long xmxBytes, boolean succeeded, int spans, double seconds,
                      String failure) {
    }

    record Result(long claimBytes, String gc, List<Run> runs, CommandRun ztocBuild, LargeImageMemory.Result image) {
    }

    Result run() throws Exception {
        List<Long> sizes = options.quick() ? List.of(32_000_000L, 128_000_000L)
                : options.large() ? List.of(GB, 4 * GB, 20 * GB) : List.of(GB, 4 * GB);
        List<Run> runs = new ArrayList<>();
        for (long size : sizes) {
            long xmx = xmxFor(size);
            progress.accept(String.format("memory: %d MB layer streamed into ZtocBuilder with -Xmx%dm", size / 1_000_000, xmx >> 20));
            ChildJvm.Finished finished = ChildJvm.run(List.of("-Xmx" + (xmx >> 20) + "m", "-XX:+UseSerialGC"),
                    MemoryProbe.class.getName(), List.of(Long.toString(size), spillDirectory().toString()));
            finished.requireSuccess("the memory probe for " + size + " bytes under -Xmx" + (xmx >> 20) + "m");
            MemoryProbe.Report report = new ObjectMapper().readValue(finished.lines().getLast(), MemoryProbe.Report.class);
            runs.add(new Run(size, xmx, report, report.maxRestBytes() < CLAIM_BYTES));
        }
        CommandRun ztocBuild = ztocBuild();
        int filesPerLayer = options.quick() ? 64 : 2048;
        progress.accept(String.format("memory: convert of an image of 3 layers of %d MiB at parallelism 2", filesPerLayer));
        LargeImageMemory.Result image = LargeImageMemory.run(options.workDir(), 3, filesPerLayer, CLAIM_BYTES);
        return new Result(CLAIM_BYTES, "Serial (what Lambda's JVM picks for 1 vCPU)", runs, ztocBuild, image);
    }

    /** {@code ztoc build} of 4 GiB of 1 MiB files (128 MiB of them with {@code --quick}) under {@code -Xmx64m}. */
    private CommandRun ztocBuild() throws Exception {
        int files = options.quick() ? 128 : 4096;
        int fileBytes = 1 << 20;
        long xmx = CLAIM_BYTES;
        Path layer = options.workDir().resolve("memory-zero-files.tar.gz");
        Path ztoc = options.workDir().resolve("memory-zero-files.ztoc");
        Files.createDirectories(options.workDir());
        progress.accept(String.format("memory: ztoc build of %d files of 1 MiB with -Xmx%dm", files, xmx >> 20));
        ZeroFilesLayer.write(layer, files, fileBytes);
        try {
            ChildJvm.Finished finished = ChildJvm.run(List.of("-Xmx" + (xmx >> 20) + "m", "-XX:+UseSerialGC",
                    "-Djava.io.tmpdir=" + spillDirectory()), "dev.sociindex.cli.Main",
                    List.of("ztoc", "build", "-o", ztoc.toString(), layer.toString()));
            long uncompressed = ZeroFilesLayer.uncompressedBytes(files, fileBytes);
            if (finished.exitCode() != 0) {
                return new CommandRun(uncompressed, files, xmx, false, 0, finished.totalNanos() / 1e9,
                        finished.stderr().lines().filter(l -> l.contains("Error") || l.contains("Exception")).findFirst()
                                .orElse("exit " + finished.exitCode()));
            }
            int spans = ZtocReader.read(Files.readAllBytes(ztoc)).compressionInfo().maxSpanId() + 1;
            return new CommandRun(uncompressed, files, xmx, true, spans, finished.totalNanos() / 1e9, null);
        } finally {
            Files.deleteIfExists(layer);
            Files.deleteIfExists(ztoc);
        }
    }

    private Path spillDirectory() throws IOException {
        return Files.createDirectories(options.workDir().resolve("spill"));
    }

    /** The claim as a heap limit, rounded up to whole MiB: flat in the layer's size but for its TOC. */
    static long xmxFor(long uncompressedBytes) {
        long files = uncompressedBytes / SyntheticLayer.MEAN_FILE_BYTES + 1;
        long bytes = CLAIM_BYTES + files * 1024;
        return (bytes + (1 << 20) - 1) >> 20 << 20;
    }
}
