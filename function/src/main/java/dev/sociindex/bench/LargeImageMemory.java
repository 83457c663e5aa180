package dev.sociindex.bench;

import dev.sociindex.files.FileTrees;
import dev.sociindex.store.OciLayoutStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code convert} of an image of several multi-GB layers with two layers at once, in a child JVM whose heap is the
 * one-layer case plus a constant, beside the one-layer case itself: memory flat in layer size and in image size.
 * The layers are files of zeros (a 2 GiB layer is a few MB on disk, but has the spans and windows of a real one of
 * its size); the image is an OCI layout converted in place. Which layers ran at once is read from the verbose
 * progress lines ({@link LayerConcurrency}).
 */
final class LargeImageMemory {
    /** What a second layer at once may add, whatever the layers' size (the budget's reserve and one more layer). */
    static final long CONSTANT_BYTES = 96L << 20;

    private LargeImageMemory() {
    }

    /** One conversion: its heap limit, whether it succeeded, how many layers it indexed and at most at once. */
    record Conversion(int layers, long xmxBytes, boolean succeeded, int indexed, int mostAtOnce, double seconds,
                      String failure) {
    }

    record Result(int filesPerLayer, long layerBytes, Conversion oneLayer, Conversion image) {
    }

    static Result run(Path workDir, int layers, int filesPerLayer, long oneLayerXmx) throws Exception {
        Path folder = Files.createDirectories(workDir.resolve("memory-image"));
        try {
            List<BenchImage.Layer> written = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                Path gz = folder.resolve("layer-" + i + ".tar.gz");
                // one more file per layer, so that no two layers share a digest
                String diffId = ZeroFilesLayer.write(gz, filesPerLayer + i, 1 << 20);
                written.add(BenchImage.Layer.of(gz, diffId, ZeroFilesLayer.uncompressedBytes(filesPerLayer + i, 1 << 20)));
            }
            Conversion one = convert(folder.resolve("one"), written.subList(0, 1), oneLayerXmx, folder);
            Conversion all = convert(folder.resolve("all"), written, oneLayerXmx + CONSTANT_BYTES, folder);
            return new Result(filesPerLayer, written.getFirst().uncompressedSize(), one, all);
        } finally {
            FileTrees.deleteTree(folder);
        }
    }

    private static Conversion convert(Path layout, List<BenchImage.Layer> layers, long xmx, Path folder) throws Exception {
        BenchImage.put(OciLayoutStore.openOrCreate(layout), "app", layers);
        Path spill = Files.createDirectories(folder.resolve("spill"));
        ChildJvm.Finished finished = ChildJvm.run(List.of("-Xmx" + (xmx >> 20) + "m", "-XX:+UseSerialGC"),
                "dev.sociindex.cli.Main", List.of("convert", "-v", "--min-layer-size", "0", "--parallelism", "2",
                        "--spill-dir", spill.toString(), "oci:" + layout + ":app"));
        List<String> lines = finished.stderr().lines().toList();
        LayerConcurrency layersSeen = LayerConcurrency.of(lines);
        String failure = finished.exitCode() == 0 ? null : lines.stream()
                .filter(l -> l.contains("Error") || l.contains("Exception") || l.startsWith("error")).findFirst()
                .orElse("exit " + finished.exitCode());
        return new Conversion(layers.size(), xmx, finished.exitCode() == 0, layersSeen.indexed(), layersSeen.mostAtOnce(),
                finished.totalNanos() / 1e9, failure);
    }

    static String describe(Result result) {
        Conversion one = result.oneLayer();
        Conversion all = result.image();
        return String.format("convert of an image of %d layers of %d files of 1 MiB zeros (%.0f MB each), --parallelism 2:"
                        + " 1 layer under -Xmx%dm: %s; %d layers under -Xmx%dm (+%d MiB): %s%n",
                all.layers(), result.filesPerLayer(), result.layerBytes() / 1e6, one.xmxBytes() >> 20, outcome(one),
                all.layers(), all.xmxBytes() >> 20, CONSTANT_BYTES >> 20, outcome(all));
    }

    private static String outcome(Conversion c) {
        return c.succeeded()
                ? String.format("succeeded, %d indexed, at most %d at once, %.1f s", c.indexed(), c.mostAtOnce(), c.seconds())
                : "FAILED: " + c.failure();
    }
}
