package dev.sociindex.cli;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.bench.LayerConcurrency;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code convert} of an image whose layers each have about 39 MiB of checkpoint windows (at a 64 KiB span), with
 * two layers indexed at once, so that the windows in progress (78 MiB) are more than half the heap: the heap it
 * needs is that of a one-layer image plus a constant, not twice the windows. The image is made by umoci (Go gzip
 * layers), converted in place in its OCI layout by the CLI in a child JVM, then verified by {@code verify}.
 */
class ConvertMemoryTest {
    private static final int SPAN = 64 << 10;
    /** Enough for the one-layer image, with room (measured: it converts under 32 MiB and fails under 24). */
    private static final int ONE_LAYER_HEAP_MIB = 48;
    /**
     * What a second layer at once adds, whatever the layers' size: the memory budget keeps 64 MiB free of layers
     * and lets a layer start only while its estimate (16 MiB fixed, 8 MiB of windows before they spill, its TOC)
     * fits beside the others.
     */
    private static final int CONSTANT_MIB = 96;
    private static final String[] WORDS = ("layer span window checkpoint deflate inflate registry manifest index blob "
            + "digest tar header file zero heap spill stream offset table vector builder reader writer size byte")
            .split(" ");
    private static final byte[][] WORD_BYTES = Arrays.stream(WORDS)
            .map(word -> (word + " ").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    @Test
    void twoLayersAtOnceNeedTheOneLayerHeapPlusAConstant(@TempDir Path work) throws Exception {
        Path one = work.resolve("one");
        writeImage(one, 1);
        Run single = convert(one, ONE_LAYER_HEAP_MIB, 1, work);
        assertEquals(0, single.exitCode(), "a one-layer image under -Xmx" + ONE_LAYER_HEAP_MIB + "m: " + single.output());

        Path three = work.resolve("three");
        writeImage(three, 3);
        Run parallel = convert(three, ONE_LAYER_HEAP_MIB + CONSTANT_MIB, 2, work);
        assertEquals(0, parallel.exitCode(), "three layers at parallelism 2: " + parallel.output());
        assertEquals(3, parallel.indexed(), parallel.output());
        assertEquals(2, parallel.mostAtOnce(), "two layers were indexed at once: " + parallel.output());

        Run verify = cli(work, 256, "verify", "oci:" + three + ":app-soci");
        assertEquals(0, verify.exitCode(), verify.output());
        try (var left = Files.list(work.resolve("spill"))) {
            assertEquals(List.of(), left.toList(), "spill files are removed after the conversion");
        }
    }

    private static Run convert(Path layout, int heapMib, int parallelism, Path work) throws Exception {
        Files.createDirectories(work.resolve("spill"));
        return cli(work, heapMib, "convert", "-v", "--span-size", String.valueOf(SPAN), "--min-layer-size", "0",
                "--parallelism", String.valueOf(parallelism), "--spill-dir", work.resolve("spill").toString(),
                "oci:" + layout + ":app");
    }

    private static Run cli(Path work, int heapMib, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMib + "m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "soci-builder " + arguments[0] + " did not finish");
        return new Run(process.exitValue(), output);
    }

    /** What a verbose conversion printed: how many layers were indexed and the most that were in progress at once. */
    private record Run(int exitCode, String output) {
        int indexed() {
            return LayerConcurrency.of(output.lines().toList()).indexed();
        }

        int mostAtOnce() {
            return LayerConcurrency.of(output.lines().toList()).mostAtOnce();
        }
    }

    /** An image of {@code layers} layers, each 128 files of 1 MiB of random words (128 MiB of tar; Go gzip's long blocks give about 1,250 spans, 39 MiB of windows). */
    private static void writeImage(Path layout, int layers) throws IOException {
        Path bundle = layout.resolveSibling(layout.getFileName() + "-bundle");
        ExternalTool.run(List.of("umoci", "init", "--layout", layout.toString()));
        ExternalTool.run(List.of("umoci", "new", "--image", layout + ":app"));
        ExternalTool.run(List.of("umoci", "unpack", "--rootless", "--image", layout + ":app", bundle.toString()));
        SplittableRandom random = new SplittableRandom(layers);
        for (int layer = 0; layer < layers; layer++) {
            Path folder = Files.createDirectories(bundle.resolve("rootfs").resolve("layer-" + layer));
            for (int f = 0; f < 128; f++) {
                writeWords(folder.resolve("file-" + f + ".txt"), 1 << 20, random);
            }
            ExternalTool.run(List.of("umoci", "repack", "--refresh-bundle", "--image", layout + ":app", bundle.toString()));
        }
    }

    private static void writeWords(Path file, int size, SplittableRandom random) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int written = 0; written < size; ) {
                byte[] word = WORD_BYTES[random.nextInt(WORD_BYTES.length)];
                int n = Math.min(word.length, size - written);
                out.write(word, 0, n);
                written += n;
            }
        }
    }
}
