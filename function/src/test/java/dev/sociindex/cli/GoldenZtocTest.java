package dev.sociindex.cli;

import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.layer.ZtocBuilder;
import dev.sociindex.layer.ZtocDraft;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.ztoc.ZtocBlob;
import dev.sociindex.ztoc.ZtocWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reference soci builder's own zTOCs (test resources {@code golden/}, copied from the team's golden set: 13 layers
 * at span sizes 65536 and 4194304, build tool identifier {@code soci-index-builder v0.1}) against ours, byte for byte:
 * once through the library, once with every checkpoint window spilled to a file (threshold 0) and the zTOC laid out
 * around it, and once through {@code ztoc build}, as a user runs it.
 */
class GoldenZtocTest {
    private static final String BUILD_TOOL = "soci-index-builder v0.1";
    private static final List<Long> SPAN_SIZES = List.of(65_536L, 4_194_304L);

    record Golden(String layer, long spanSize) {
        Path layerFile() {
            return goldenDir().resolve(layer + ".tar.gz");
        }

        Path ztocFile() {
            return goldenDir().resolve(layer + ".span" + spanSize + ".ztoc");
        }

        @Override
        public String toString() {
            return layer + " @ span " + spanSize;
        }
    }

    static Stream<Golden> goldens() throws IOException {
        List<Golden> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(goldenDir())) {
            for (Path layer : files.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).sorted().toList()) {
                String name = layer.getFileName().toString();
                for (long span : SPAN_SIZES) {
                    all.add(new Golden(name.substring(0, name.length() - ".tar.gz".length()), span));
                }
            }
        }
        return all.stream();
    }

    @Test
    void theGoldenSetIsWhole() throws IOException {
        List<Golden> all = goldens().toList();
        assertEquals(26, all.size(), "13 layers at two span sizes: " + all);
        for (Golden golden : all) {
            assertTrue(Files.isRegularFile(golden.ztocFile()), "missing " + golden.ztocFile());
        }
        // The resources are the team's data, unchanged: their digests are the ones SHA256SUMS lists.
        for (String line : Files.readAllLines(goldenDir().resolve("SHA256SUMS"))) {
            String[] fields = line.strip().split("\\s+\\*?", 2);
            Path file = goldenDir().resolve(fields[1]);
            if (Files.exists(file)) {
                assertEquals(fields[0], sha256(Files.readAllBytes(file)), "digest of " + fields[1]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void libraryWritesTheReferenceBytes(Golden golden) throws IOException {
        byte[] ours;
        try (InputStream in = Files.newInputStream(golden.layerFile())) {
            ours = ZtocWriter.write(new ZtocBuilder(golden.spanSize(), BUILD_TOOL).buildGzip(in));
        }
        assertSameBytes(Files.readAllBytes(golden.ztocFile()), ours, golden);
    }

    /**
     * The parallel decoder (issue 16): chunks of 16 and 64 KiB on 1, 2 and 4 threads, the layer size threshold at
     * 0, so that even these small layers are cut into chunks decoded apart; the zTOC must still be the reference's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void parallelDecodingGivesTheReferenceBytes(Golden golden) throws IOException {
        byte[] layer = Files.readAllBytes(golden.layerFile());
        byte[] expected = Files.readAllBytes(golden.ztocFile());
        for (int chunk : new int[] {16 << 10, 64 << 10}) {
            for (int threads : new int[] {1, 2, 4}) {
                ZtocBuilder builder = new ZtocBuilder(golden.spanSize(), BUILD_TOOL, ZtocBuilder.DEFAULT_MAX_ENTRIES,
                        CheckpointSpill.never(), new ParallelDecoding(threads, chunk, 0));
                byte[] ours;
                try (ZtocDraft draft = builder.draftGzip(new ByteArrayInputStream(layer), layer.length)) {
                    ours = ZtocWriter.write(draft.toModel());
                }
                assertSameBytes(expected, ours, golden + " (parallel, chunk " + chunk + ", " + threads + " threads)");
            }
        }
    }

    /** Threshold 0: every window goes to the spill file and the zTOC is laid out around it, streamed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void spilledCheckpointsGiveTheReferenceBytes(Golden golden, @TempDir Path spillDir) throws IOException {
        LayerIndexer indexer = new LayerIndexer(golden.spanSize(), BUILD_TOOL, ZtocBuilder.DEFAULT_MAX_ENTRIES,
                new CheckpointSpill(spillDir, 0));
        byte[] layer = Files.readAllBytes(golden.layerFile());
        LayerResult result = indexer.index(new LayerDescriptor(Digests.sha256(layer), layer.length, MediaTypes.OCI_LAYER_GZIP),
                new ByteArrayInputStream(layer));
        LayerResult.Indexed indexed = assertInstanceOf(LayerResult.Indexed.class, result, result::toString);
        byte[] ours;
        try (ZtocBlob ztoc = indexed.ztoc()) {
            try (Stream<Path> spilled = Files.list(spillDir)) {
                assertEquals(1, spilled.count(), "the windows wait in one spill file until the zTOC is stored");
            }
            ours = ztoc.readAllBytes();
        }
        assertSameBytes(Files.readAllBytes(golden.ztocFile()), ours, golden);
        assertEquals(Digests.sha256(ours), indexed.ztocDigest());
        assertEquals(ours.length, indexed.ztoc().size());
        try (Stream<Path> left = Files.list(spillDir)) {
            assertEquals(List.of(), left.toList(), "closing the zTOC removes its spill file");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void ztocBuildCommandWritesTheReferenceBytes(Golden golden, @TempDir Path work) throws IOException {
        Path out = work.resolve("out.ztoc");
        Cli.Result result = Cli.run("ztoc", "build", "--span-size", String.valueOf(golden.spanSize()), "-o",
                out.toString(), golden.layerFile().toString());
        assertEquals(0, result.exit(), result.toString());
        assertSameBytes(Files.readAllBytes(golden.ztocFile()), Files.readAllBytes(out), golden);
        // With --decode-threads the command decodes in parallel whatever the layer's size.
        Path parallel = work.resolve("parallel.ztoc");
        result = Cli.run("ztoc", "build", "--decode-threads", "2", "--span-size", String.valueOf(golden.spanSize()),
                "-o", parallel.toString(), golden.layerFile().toString());
        assertEquals(0, result.exit(), result.toString());
        assertSameBytes(Files.readAllBytes(golden.ztocFile()), Files.readAllBytes(parallel), golden + " (parallel)");
    }

    private static void assertSameBytes(byte[] expected, byte[] actual, Object golden) {
        int common = Math.min(expected.length, actual.length);
        for (int i = 0; i < common; i++) {
            if (expected[i] != actual[i]) {
                fail(golden + ": first difference at byte " + i + " of " + expected.length + " (reference 0x"
                        + Integer.toHexString(expected[i] & 0xff) + ", ours 0x" + Integer.toHexString(actual[i] & 0xff) + ")");
            }
        }
        assertEquals(expected.length, actual.length, golden + ": length");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static Path goldenDir() {
        URL readme = GoldenZtocTest.class.getResource("/golden/README.md");
        if (readme == null) {
            throw new AssertionError("test resources golden/ are missing");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
