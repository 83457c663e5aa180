package dev.sociindex.bench;

import dev.sociindex.oci.Digests;
import dev.sociindex.contract.Defaults;
import dev.sociindex.gzip.GzipCheckpointingInputStream;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Part 1: one layer file, compressed by gzip and by pigz, read three ways in alternating rounds: the JDK's
 * {@link GZIPInputStream} draining it (the baseline: native zlib, no checkpoints), our full zTOC build with digest
 * verification ({@link LayerIndexer}), and our inflater alone. Then {@code soci-builder ztoc build} as a whole process.
 */
final class LayerThroughputBench {
    private static final int BUFFER = 1 << 16;
    static final int LEVEL = 6;
    /** Most a tar writer pads after the end-of-archive blocks: one default 10240-byte record. */
    private static final long TAR_RECORD_PADDING = 10240;

    private final BenchOptions options;
    private final Consumer<String> progress;

    LayerThroughputBench(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * @param corpusBytes  uncompressed bytes of the tar (at least the requested size)
     * @param compressions one result per encoder
     */
    record Result(long corpusBytes, int files, List<Compressed> compressions) {
    }

    /**
     * @param ztocVsBaseline     our zTOC build's speed over the baseline's (above 1: faster)
     * @param inflaterVsBaseline our inflater's speed over the baseline's
     * @param cliSeconds         {@code soci-builder ztoc build} as a child process: JVM start, digest pass, zTOC, write
     */
    record Compressed(String encoder, long compressedBytes, long uncompressedBytes, Variant baseline, Variant ztocBuild,
                      Variant inflaterOnly, RoundStats.Rates ztocVsBaseline, RoundStats.Rates inflaterVsBaseline,
                      double cliSeconds, double cliUncompressedMBps) {
    }

    /** One way of reading the layer: its times and its throughput in uncompressed and in compressed MB/s. */
    record Variant(String name, RoundStats seconds, RoundStats.Rates uncompressedMBps, RoundStats.Rates compressedMBps) {
        static Variant of(String name, List<Double> seconds, long uncompressed, long compressed) {
            RoundStats stats = RoundStats.of(seconds);
            return new Variant(name, stats, stats.rates(uncompressed), stats.rates(compressed));
        }
    }

    Result run() throws Exception {
        Path workDir = options.workDir();
        long target = options.corpusBytes();
        progress.accept("layers: scanning " + Corpus.ROOTS + " for " + target / 1_000_000 + " MB of files");
        List<Corpus.SourceFile> files = Corpus.scan().slices(1, target).get(0);
        long contentBytes = files.stream().mapToLong(Corpus.SourceFile::size).sum();
        Path tar = workDir.resolve("corpus-" + target / 1_000_000 + "mb.tar");
        progress.accept("layers: writing " + tar + " (cached)");
        Corpus.writeTar(files, tar);
        List<Compressed> results = new ArrayList<>();
        for (Gzippers encoder : Gzippers.values()) {
            Path gz = workDir.resolve(tar.getFileName() + "." + encoder.command() + LEVEL + ".gz");
            progress.accept("layers: " + encoder.command() + " -" + LEVEL + " -> " + gz + " (cached)");
            encoder.compress(tar, LEVEL, gz);
            results.add(measure(encoder.command(), gz));
        }
        progress.accept("layers: corpus of " + contentBytes + " content bytes in " + files.size() + " files");
        return new Result(Files.size(tar), files.size(), results);
    }

    private Compressed measure(String encoder, Path gz) throws Exception {
        long compressed = Files.size(gz);
        LayerDescriptor layer = new LayerDescriptor(Digests.sha256(gz), compressed, MediaTypes.OCI_LAYER_GZIP);
        List<Double> baseline = new ArrayList<>();
        List<Double> ztoc = new ArrayList<>();
        List<Double> inflater = new ArrayList<>();
        long[] uncompressed = new long[1];
        for (int round = 0; round < options.rounds(); round++) {
            baseline.add(Stopwatch.seconds(() -> uncompressed[0] = drainWithJdk(gz)));
            ztoc.add(Stopwatch.seconds(() -> buildZtoc(gz, layer, uncompressed[0])));
            inflater.add(Stopwatch.seconds(() -> drainWithOurInflater(gz, uncompressed[0])));
            progress.accept(String.format("layers: %s round %d: baseline %.2f s, zTOC build %.2f s, inflater %.2f s",
                    encoder, round + 1, baseline.getLast(), ztoc.getLast(), inflater.getLast()));
        }
        Variant base = Variant.of("GZIPInputStream", baseline, uncompressed[0], compressed);
        Variant build = Variant.of("zTOC build", ztoc, uncompressed[0], compressed);
        Variant inflate = Variant.of("our inflater", inflater, uncompressed[0], compressed);
        double cli = cliSeconds(gz);
        return new Compressed(encoder, compressed, uncompressed[0], base, build, inflate,
                build.seconds().speedOver(base.seconds()), inflate.seconds().speedOver(base.seconds()),
                cli, uncompressed[0] / 1e6 / cli);
    }

    private static long drainWithJdk(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(gz), BUFFER), BUFFER)) {
            return drain(in);
        }
    }

    private static void buildZtoc(Path gz, LayerDescriptor layer, long expectedUncompressed) throws IOException {
        LayerResult result;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(gz), BUFFER)) {
            result = new LayerIndexer(Defaults.SPAN_SIZE, Defaults.BUILD_TOOL_IDENTIFIER).index(layer, in);
        }
        // The zTOC's size ends at the tar's end-of-archive blocks; the record padding after them is not counted.
        if (!(result instanceof LayerResult.Indexed indexed) || indexed.uncompressedSize() > expectedUncompressed
                || indexed.uncompressedSize() < expectedUncompressed - TAR_RECORD_PADDING) {
            throw new IllegalStateException(gz + ": the zTOC build did not index the whole layer: " + result);
        }
    }

    private static void drainWithOurInflater(Path gz, long expectedUncompressed) throws IOException {
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(
                new BufferedInputStream(Files.newInputStream(gz), BUFFER), Defaults.SPAN_SIZE)) {
            long out = drain(in);
            if (out != expectedUncompressed) {
                throw new IllegalStateException(gz + ": our inflater produced " + out + " bytes, GZIPInputStream "
                        + expectedUncompressed);
            }
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            total += n;
        }
        return total;
    }

    /** The whole command as a user runs it, in a fresh JVM. */
    private double cliSeconds(Path gz) throws Exception {
        Path out = options.workDir().resolve(gz.getFileName() + ".ztoc");
        progress.accept("layers: soci-builder ztoc build " + gz);
        ChildJvm.Finished finished = ChildJvm.run(List.of(), "dev.sociindex.cli.Main",
                List.of("ztoc", "build", "-o", out.toString(), gz.toString()));
        finished.requireSuccess("soci-builder ztoc build " + gz);
        Files.deleteIfExists(out);
        return finished.totalNanos() / 1e9;
    }
}
