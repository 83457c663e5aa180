package dev.sociindex.bench;

import dev.sociindex.oci.Digests;
import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.registry.RegistryImageStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Part 2: a whole image converted end to end against a real registry on loopback: four large gzip layers (slices of
 * the system-file corpus) pushed to {@code docker-registry}, then converted with one layer at a time and with two in
 * parallel, in alternating rounds, each round to a new output tag so that every round really converts.
 */
final class ImageConversionBench {
    static final int LAYERS = 4;
    static final long LAYER_BYTES = 130_000_000L;
    static final long QUICK_LAYER_BYTES = 4_000_000L;
    private static final String REPOSITORY = "bench/image";
    private static final String SOURCE_TAG = "source";

    private final BenchOptions options;
    private final Consumer<String> progress;

    ImageConversionBench(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * @param speedup sequential time over parallel time (mean and best)
     */
    record Result(int layers, long uncompressedBytes, long compressedBytes, double pushSeconds, RoundStats parallelism1,
                  RoundStats parallelism2, double speedupMean, double speedupBest, double parallelism2UncompressedMBps,
                  Cores coresBusy) {
    }

    /**
     * Mean CPU time of this JVM (all threads: HTTP client, indexing, digests) over wall time per conversion: how many
     * cores a conversion kept busy. Near the core count, a second layer worker has nothing left to overlap with.
     */
    record Cores(double parallelism1, double parallelism2) {
    }

    private record Timed(double wallSeconds, double cpuSeconds) {
    }

    Result run() throws Exception {
        List<BenchImage.Layer> layers = prepareLayers();
        try (LocalRegistry registry = LocalRegistry.start(options.workDir());
             RegistryImageStore store = registry.repository(REPOSITORY)) {
            progress.accept("image: pushing " + LAYERS + " layers to " + registry.host() + "/" + REPOSITORY);
            double push = Stopwatch.seconds(() -> BenchImage.put(store, SOURCE_TAG, layers));
            List<Timed> sequential = new ArrayList<>();
            List<Timed> parallel = new ArrayList<>();
            int rounds = Math.max(2, Math.min(options.rounds(), 4));
            for (int round = 1; round <= rounds; round++) {
                sequential.add(convert(store, 1, round));
                parallel.add(convert(store, 2, round));
            }
            RoundStats one = RoundStats.of(sequential.stream().map(Timed::wallSeconds).toList());
            RoundStats two = RoundStats.of(parallel.stream().map(Timed::wallSeconds).toList());
            long uncompressed = layers.stream().mapToLong(BenchImage.Layer::uncompressedSize).sum();
            return new Result(LAYERS, uncompressed, layers.stream().mapToLong(BenchImage.Layer::size).sum(), push, one, two,
                    one.warmMeanSeconds() / two.warmMeanSeconds(), one.warmBestSeconds() / two.warmBestSeconds(),
                    uncompressed / 1e6 / two.warmMeanSeconds(), new Cores(coresBusy(sequential), coresBusy(parallel)));
        }
    }

    private List<BenchImage.Layer> prepareLayers() throws Exception {
        long bytesEach = options.quick() ? QUICK_LAYER_BYTES : LAYER_BYTES;
        progress.accept("image: preparing " + LAYERS + " layers of " + bytesEach / 1_000_000 + " MB (cached)");
        List<List<Corpus.SourceFile>> slices = Corpus.scan().slices(LAYERS, bytesEach);
        List<BenchImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            Path tar = Corpus.writeTar(slices.get(i), options.workDir().resolve("image-" + bytesEach / 1_000_000 + "mb-layer" + i + ".tar"));
            Path gz = Gzippers.GZIP.compress(tar, LayerThroughputBench.LEVEL, tar.resolveSibling(tar.getFileName() + ".gz"));
            layers.add(BenchImage.Layer.of(gz, Digests.sha256(tar), Files.size(tar)));
        }
        return layers;
    }

    private static double coresBusy(List<Timed> runs) {
        return runs.stream().mapToDouble(Timed::cpuSeconds).sum() / runs.stream().mapToDouble(Timed::wallSeconds).sum();
    }

    private Timed convert(RegistryImageStore store, int parallelism, int round) throws Exception {
        String outputTag = "soci-p" + parallelism + "-r" + round;
        ConvertOptions convertOptions = new ConvertOptions(Defaults.SPAN_SIZE, 0, List.of(),
                Defaults.OUTPUT_TAG_SUFFIX, outputTag, parallelism, Defaults.BUILD_TOOL_IDENTIFIER);
        ConversionResult[] result = new ConversionResult[1];
        long cpuBefore = processCpuNanos();
        double seconds = Stopwatch.seconds(() -> result[0] = new ImageConverter().convert(store, SOURCE_TAG, store, convertOptions));
        double cpu = (processCpuNanos() - cpuBefore) / 1e9;
        if (result[0].status() != ConversionResult.Status.CONVERTED) {
            throw new IllegalStateException("conversion to " + outputTag + " ended " + result[0].status() + ", not CONVERTED");
        }
        progress.accept(String.format("image: round %d, parallelism %d: %.2f s (CPU %.2f s)", round, parallelism, seconds, cpu));
        return new Timed(seconds, cpu);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }
}
