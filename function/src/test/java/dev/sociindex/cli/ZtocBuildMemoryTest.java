package dev.sociindex.cli;

import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ztoc build} in a JVM whose heap is smaller than the layer's checkpoint windows: 160 files of 1 MiB of
 * text-like words at a 64 KiB span give well over a thousand checkpoints, about 50 MiB of windows, under
 * {@code -Xmx40m}. Kept in memory (and copied, as before: the list, the blob, the builder, the array) they could not
 * fit; spilled, the heap stays flat in the layer's size. The same, at 4 GiB under 64 MiB, is the bench's memory part
 * ({@code bench --only memory}); this is its small, quick twin. The layer is written by streaming, never held.
 */
class ZtocBuildMemoryTest {
    private static final int FILES = 160;
    private static final int FILE_BYTES = 1 << 20;
    private static final int SPAN = 64 << 10;
    private static final String[] WORDS = ("layer span window checkpoint deflate inflate registry manifest index blob "
            + "digest tar header file zero heap spill stream offset table vector builder reader writer size byte")
            .split(" ");

    @Test
    void windowsLargerThanTheHeapAreSpilled(@TempDir Path work) throws Exception {
        Path layer = work.resolve("layer.tar.gz");
        writeWordsLayer(layer);
        Path spill = Files.createDirectory(work.resolve("spill"));
        Path out = work.resolve("layer.ztoc");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx40m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "ztoc", "build", "--span-size", String.valueOf(SPAN), "--spill-dir", spill.toString(),
                "-o", out.toString(), layer.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "ztoc build did not finish");
        assertEquals(0, process.exitValue(), output);

        Ztoc ztoc = ZtocReader.read(Files.readAllBytes(out));
        assertEquals(FILES, ztoc.files().size());
        long windows = (ztoc.compressionInfo().maxSpanId() + 1L) * 32768;
        assertTrue(windows > 40L << 20, "the windows alone exceed the heap: " + windows + " bytes (" + output.strip() + ")");
        try (var left = Files.list(spill)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("soci-")).toList(),
                    "the spill file is removed once the zTOC is written");
        }
    }

    /**
     * The TOC does stay in memory, and grows with the number of files: about 70 bytes per entry in its compact form
     * ({@code FileTable}) and, while the zTOC is written, about 220 of FlatBuffers tables (the builder's buffer,
     * sized by an upper bound). 200,000 small files (a large node_modules) build under a 128 MiB heap (measured with
     * SerialGC: 104 MiB is enough, 96 is not; before the compact table it needed 176).
     */
    @Test
    void aLayerOfManySmallFilesBuildsUnderA128MibHeap(@TempDir Path work) throws Exception {
        int files = 200_000;
        Path layer = work.resolve("small-files.tar.gz");
        byte[] content = "module.exports = 42;\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream disk = new BufferedOutputStream(Files.newOutputStream(layer), 1 << 16);
             GZIPOutputStream gzip = new GZIPOutputStream(disk, 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (int f = 0; f < files; f++) {
                TarArchiveEntry entry = new TarArchiveEntry(String.format("node_modules/pkg-%03d/lib/file-%06d.js", f / 1000, f));
                entry.setSize(content.length);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        Path out = work.resolve("small-files.ztoc");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "ztoc", "build", "--spill-dir", work.toString(), "-o", out.toString(), layer.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "ztoc build did not finish");
        assertEquals(0, process.exitValue(), output);
        assertEquals(files, ZtocReader.read(Files.readAllBytes(out)).files().size());
    }

    /** Files of random words from a small vocabulary (compresses about 3:1, a deflate block every ~80 kB). */
    private static void writeWordsLayer(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(15);
        byte[][] words = new byte[WORDS.length][];
        for (int i = 0; i < WORDS.length; i++) {
            words[i] = (WORDS[i] + " ").getBytes(StandardCharsets.US_ASCII);
        }
        byte[] content = new byte[FILE_BYTES];
        try (OutputStream disk = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             GZIPOutputStream gzip = new GZIPOutputStream(disk, 1 << 16) {
                 {
                     def.setLevel(Deflater.BEST_SPEED);
                 }
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (int f = 0; f < FILES; f++) {
                for (int at = 0; at < FILE_BYTES; ) {
                    byte[] word = words[random.nextInt(words.length)];
                    int n = Math.min(word.length, FILE_BYTES - at);
                    System.arraycopy(word, 0, content, at, n);
                    at += n;
                }
                TarArchiveEntry entry = new TarArchiveEntry(String.format("data/file-%03d.txt", f));
                entry.setSize(FILE_BYTES);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }
}
