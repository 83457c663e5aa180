package dev.sociindex.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.convert.CraftedImages;
import dev.sociindex.convert.CraftedImages.Entry;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.testing.Encoders;
import dev.sociindex.ztoc.SpanLayout;
import dev.sociindex.ztoc.ZtocReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ztoc get-file} on layer files: every regular file of a tar, compressed by GNU gzip, pigz, as two gzip
 * members split in the middle of a file, and left uncompressed, comes back byte for byte through its zTOC from
 * only the spans that hold it; a span whose bytes changed is refused by its digest.
 */
class ZtocFileReaderTest {
    private static final long SPAN = 48 << 10;
    private static final Map<String, byte[]> FILES = new LinkedHashMap<>();
    private static byte[] tar;

    @BeforeAll
    static void buildTar(@TempDir Path scratch) throws IOException {
        FILES.put("etc/motd", "welcome\n".getBytes(StandardCharsets.UTF_8));
        FILES.put("usr/lib/mixed.bin", Encoders.mixedData(7, 300_000));
        FILES.put("usr/lib/noise.bin", Encoders.randomBytes(8, 150_000));
        FILES.put("usr/share/empty", new byte[0]);
        FILES.put("usr/share/doc.txt", "a short document in the middle\n".repeat(40).getBytes(StandardCharsets.UTF_8));
        FILES.put("var/tail.bin", Encoders.mixedData(9, 90_000));
        List<Entry> entries = new java.util.ArrayList<>();
        FILES.forEach((name, content) -> entries.add(Entry.file(name, content)));
        entries.add(Entry.hardlink("usr/lib/noise-link", "usr/lib/noise.bin"));
        tar = CraftedImages.tar(scratch, entries);
    }

    @Test
    void everyFileComesBackThroughTheZtocWhateverTheCompression(@TempDir Path dir) throws IOException {
        Map<String, Function<byte[], byte[]>> encoders = new LinkedHashMap<>();
        encoders.put("gnu-gzip-6", data -> Encoders.gnuGzip(data, 6));
        encoders.put("gnu-gzip-1", data -> Encoders.gnuGzip(data, 1));
        encoders.put("pigz", data -> Encoders.pigz(data, "-b", "128"));
        encoders.put("two-members", data -> Encoders.concat(Encoders.gnuGzip(Arrays.copyOf(data, 200_001), 6),
                Encoders.gnuGzip(Arrays.copyOfRange(data, 200_001, data.length), 6)));
        for (Map.Entry<String, Function<byte[], byte[]>> encoder : encoders.entrySet()) {
            checkEveryFile(dir, encoder.getKey(), encoder.getValue().apply(tar), MediaTypes.OCI_LAYER_GZIP);
        }
        checkEveryFile(dir, "uncompressed", tar, MediaTypes.OCI_LAYER_TAR);
    }

    @Test
    void aSpanWhoseBytesChangedIsRefusedByItsDigest(@TempDir Path dir) throws IOException {
        byte[] layer = Encoders.gnuGzip(tar, 6);
        Path ztoc = writeZtoc(dir, "flip", layer, MediaTypes.OCI_LAYER_GZIP);
        SpanLayout layout = SpanLayout.of(ZtocReader.read(Files.readAllBytes(ztoc)));
        byte[] changed = layer.clone();
        int target = (int) (layout.span(1).compressedStart() + 100);
        changed[target] ^= 0x40;
        Path layerFile = Files.write(dir.resolve("flip.layer"), changed);

        IOException e = assertThrows(IOException.class, () ->
                ZtocFileReader.read(ztoc, layerFile, "usr/lib/mixed.bin", new ByteArrayOutputStream()));
        assertTrue(e.getMessage().startsWith("flip.layer: span 1 has digest sha256:"), e.getMessage());
    }

    @Test
    void pathsThatAreNotRegularFilesOfTheLayerAreNamedInTheError(@TempDir Path dir) throws IOException {
        byte[] layer = Encoders.gnuGzip(tar, 6);
        Path ztoc = writeZtoc(dir, "errors", layer, MediaTypes.OCI_LAYER_GZIP);
        Path layerFile = Files.write(dir.resolve("errors.layer"), layer);
        IOException missing = assertThrows(IOException.class, () -> ZtocFileReader.read(ztoc, layerFile, "/etc/none", new ByteArrayOutputStream()));
        assertEquals(ztoc + " lists no etc/none", missing.getMessage());
        IOException wrongLayer = assertThrows(IOException.class, () -> ZtocFileReader.read(ztoc, Files.write(dir.resolve("short.layer"),
                Arrays.copyOf(layer, 1000)), "etc/motd", new ByteArrayOutputStream()));
        assertTrue(wrongLayer.getMessage().contains("is it the layer this zTOC was built from?"), wrongLayer.getMessage());
    }

    private static void checkEveryFile(Path dir, String name, byte[] layer, String mediaType) throws IOException {
        Path ztoc = writeZtoc(dir, name, layer, mediaType);
        Path layerFile = Files.write(dir.resolve(name + ".layer"), layer);
        int spans = SpanLayout.of(ZtocReader.read(Files.readAllBytes(ztoc))).spans().size();
        assertTrue(spans >= 8, name + ": the fixture needs many spans, has " + spans);
        Map<String, byte[]> expected = new LinkedHashMap<>(FILES);
        expected.put("usr/lib/noise-link", FILES.get("usr/lib/noise.bin"));
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FileRead read = ZtocFileReader.read(ztoc, layerFile, "/" + file.getKey(), out);
            assertArrayEquals(file.getValue(), out.toByteArray(), name + ": " + file.getKey());
            assertEquals(file.getValue().length, read.fileSize());
            if (file.getValue().length > 0) {
                assertTrue(read.spanBytes() < layer.length / 2 || file.getValue().length > 100_000,
                        name + ": " + file.getKey() + " needed " + read.spanBytes() + " of " + layer.length + " bytes");
            }
        }
    }

    private static Path writeZtoc(Path dir, String name, byte[] layer, String mediaType) throws IOException {
        LayerResult result = new LayerIndexer(SPAN, "test").index(new LayerDescriptor(Digests.sha256(layer), layer.length, mediaType),
                new ByteArrayInputStream(layer));
        LayerResult.Indexed indexed = (LayerResult.Indexed) result;
        Path file = dir.resolve(name + ".ztoc");
        try (var ztoc = indexed.ztoc(); var bytes = ztoc.open()) {
            Files.copy(bytes, file);
        }
        return file;
    }
}
