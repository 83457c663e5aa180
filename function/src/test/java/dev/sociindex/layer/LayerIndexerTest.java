package dev.sociindex.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.oci.Digests;
import dev.sociindex.bytes.RawBytes;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.PythonTarOracle;
import dev.sociindex.testing.TarFixtureTrees;
import dev.sociindex.verify.ZtocLayerVerifier;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.Xattr;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole layer path on layers made by real tools: GNU tar archives of a tree with every entry kind, compressed by
 * GNU gzip and pigz, indexed in one pass, then checked against Python's tarfile listing and against the layer itself
 * (zlib resumed at every checkpoint, span digests, tar headers re-parsed where the snapshotter looks).
 */
class LayerIndexerTest {
    private static final long SPAN = 256 * 1024;

    @TempDir
    static Path work;

    private static Path posixTar;
    private static Path gnuTar;

    @BeforeAll
    static void makeArchives() throws Exception {
        Path root = TarFixtureTrees.create(work, TarFixtureTrees.Variant.FULL);
        // A few MB of mixed data, so that the layer has many spans and stored, fixed and dynamic blocks.
        Files.write(root.resolve("dir/mixed.bin"), Encoders.mixedData(7, 3 << 20));
        Files.write(root.resolve("dir/random.bin"), Encoders.randomBytes(8, 1 << 20));
        posixTar = TarFixtureTrees.archive(root, work.resolve("layer-posix.tar"), "posix");
        gnuTar = TarFixtureTrees.archive(root, work.resolve("layer-gnu.tar"), "gnu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip-1", "gzip-9", "pigz", "pigz-b128", "java"})
    void gzipLayerTocMatchesPythonTarfileAndResumesWithZlib(String encoder) throws Exception {
        for (Path tar : List.of(posixTar, gnuTar)) {
            byte[] raw = Files.readAllBytes(tar);
            byte[] layer = switch (encoder) {
                case "gzip-1" -> Encoders.gnuGzip(raw, 1);
                case "gzip-9" -> Encoders.gnuGzip(raw, 9);
                case "pigz" -> Encoders.pigz(raw);
                case "pigz-b128" -> Encoders.pigz(raw, "-b", "128");
                default -> Encoders.javaGzip(raw);
            };
            Ztoc ztoc = indexAndRead(layer, MediaTypes.OCI_LAYER_GZIP);
            assertEquals(CompressionAlgorithm.GZIP, ztoc.compressionInfo().algorithm());
            assertEquals(layer.length, ztoc.compressedArchiveSize());
            assertTrue(ztoc.compressionInfo().maxSpanId() >= 10, "expected many spans, got " + (ztoc.compressionInfo().maxSpanId() + 1));
            assertTocMatchesPython(tar, ztoc);
            assertVerifies(ztoc, layer);
        }
    }

    @Test
    void uncompressedTarLayerHasFixedSpans() throws Exception {
        byte[] layer = Files.readAllBytes(posixTar);
        Ztoc ztoc = indexAndRead(layer, MediaTypes.OCI_LAYER_TAR);
        assertEquals(CompressionAlgorithm.UNCOMPRESSED, ztoc.compressionInfo().algorithm());
        assertEquals((layer.length + SPAN - 1) / SPAN, ztoc.compressionInfo().maxSpanId() + 1);
        assertTocMatchesPython(posixTar, ztoc);
        assertVerifies(ztoc, layer);
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestGivesNoZtoc() {
        byte[] layer = Encoders.gnuGzip(bytes(posixTar), 6);
        LayerDescriptor wrongDigest = new LayerDescriptor(Digests.sha256(new byte[] {1}), layer.length, MediaTypes.OCI_LAYER_GZIP);
        LayerDigestMismatchException e = assertThrows(LayerDigestMismatchException.class,
                () -> indexer().index(wrongDigest, new ByteArrayInputStream(layer)));
        assertTrue(e.getMessage().contains(wrongDigest.digest()) && e.getMessage().contains(Digests.sha256(layer)), e.getMessage());

        LayerDescriptor wrongSize = new LayerDescriptor(Digests.sha256(layer), layer.length - 1, MediaTypes.OCI_LAYER_GZIP);
        assertThrows(LayerDigestMismatchException.class, () -> indexer().index(wrongSize, new ByteArrayInputStream(layer)));
    }

    @Test
    void aLayerWithoutAClaimedDigestGetsTheSameZtocAndStillHasItsSizeChecked() throws Exception {
        byte[] layer = Encoders.gnuGzip(bytes(posixTar), 6);
        LayerResult verified = indexer().index(describe(layer, MediaTypes.OCI_LAYER_GZIP), new ByteArrayInputStream(layer));
        LayerDescriptor local = LayerDescriptor.unverified(layer.length, MediaTypes.OCI_LAYER_GZIP);
        LayerResult unverified = indexer().index(local, new ByteArrayInputStream(layer));
        assertEquals(assertInstanceOf(LayerResult.Indexed.class, verified).ztocDigest(),
                assertInstanceOf(LayerResult.Indexed.class, unverified).ztocDigest());

        LayerDescriptor wrongSize = LayerDescriptor.unverified(layer.length - 1, MediaTypes.OCI_LAYER_GZIP);
        LayerDigestMismatchException e = assertThrows(LayerDigestMismatchException.class,
                () -> indexer().index(wrongSize, new ByteArrayInputStream(layer)));
        assertTrue(e.getMessage().contains("longer than its descriptor's size"), e.getMessage());
    }

    @Test
    void corruptDeflateDataNamesTheLayerAndTheCompressedOffset() {
        byte[] layer = Encoders.gnuGzip(bytes(posixTar), 6);
        layer[layer.length / 2] ^= (byte) 0xff;
        layer[layer.length / 2 + 1] ^= (byte) 0x5a;
        LayerDescriptor descriptor = describe(layer, MediaTypes.OCI_LAYER_GZIP);
        LayerFormatException e = assertThrows(LayerFormatException.class,
                () -> indexer().index(descriptor, new ByteArrayInputStream(layer)));
        assertTrue(e.getMessage().contains(descriptor.digest()), e.getMessage());
        assertTrue(e.getMessage().contains("compressed offset"), e.getMessage());
    }

    @Test
    void aRegistryFailureWhileTheBlobStreamsKeepsItsTypeSoThatItCanBeRetried() {
        byte[] layer = Encoders.gnuGzip(bytes(posixTar), 6);
        LayerDescriptor descriptor = describe(layer, MediaTypes.OCI_LAYER_GZIP);
        java.io.InputStream failingHalfway = new java.io.FilterInputStream(new ByteArrayInputStream(layer)) {
            private int delivered;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (delivered > layer.length / 2) {
                    throw new dev.sociindex.registry.RegistryException("GET blob: connection lost", 0, true, null);
                }
                int n = super.read(b, off, Math.min(len, 4096));
                delivered += Math.max(n, 0);
                return n;
            }
        };
        dev.sociindex.registry.RegistryException e = assertThrows(dev.sociindex.registry.RegistryException.class,
                () -> indexer().index(descriptor, failingHalfway));
        assertTrue(e.transientFailure(), "a transient failure must not become a permanent 'corrupt layer'");
    }

    @Test
    void notGzipAtAllIsAClearError() {
        byte[] layer = bytes(posixTar);
        LayerDescriptor descriptor = describe(layer, MediaTypes.OCI_LAYER_GZIP);
        LayerFormatException e = assertThrows(LayerFormatException.class,
                () -> indexer().index(descriptor, new ByteArrayInputStream(layer)));
        assertTrue(e.getMessage().contains(descriptor.digest()) && e.getMessage().contains("compressed offset 0"), e.getMessage());
    }

    @Test
    void aBadTarChecksumNamesTheLayerAndTheUncompressedOffset() {
        byte[] tar = bytes(posixTar);
        tar[512 * 3 + 148] = '7'; // a header's checksum field, a few entries in
        byte[] layer = Encoders.gnuGzip(tar, 6);
        LayerDescriptor descriptor = describe(layer, MediaTypes.OCI_LAYER_GZIP);
        LayerFormatException e = assertThrows(LayerFormatException.class,
                () -> indexer().index(descriptor, new ByteArrayInputStream(layer)));
        assertTrue(e.getMessage().contains(descriptor.digest()) && e.getMessage().contains("uncompressed offset"), e.getMessage());
    }

    @Test
    void zstdLayersAndUnsupportedEntriesAreSkippedWithAReason() throws Exception {
        byte[] tar = bytes(posixTar);
        byte[] zstd = ExternalTool.pipe(tar, "zstd", "-q", "-c");
        LayerResult zstdResult = indexer().index(describe(zstd, MediaTypes.OCI_LAYER_ZSTD), new ByteArrayInputStream(zstd));
        assertEquals(SkipReason.ZSTD, assertInstanceOf(LayerResult.Skipped.class, zstdResult).reason());

        Path sparseRoot = Files.createDirectories(work.resolve("sparse-root"));
        try (var file = java.nio.channels.FileChannel.open(sparseRoot.resolve("holes"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 8 << 20);
        }
        Path sparseTar = TarFixtureTrees.archive(sparseRoot, work.resolve("sparse.tar"), "posix", "--sparse");
        byte[] sparse = Encoders.gnuGzip(bytes(sparseTar), 6);
        LayerResult sparseResult = indexer().index(describe(sparse, MediaTypes.OCI_LAYER_GZIP), new ByteArrayInputStream(sparse));
        LayerResult.Skipped sparseSkip = assertInstanceOf(LayerResult.Skipped.class, sparseResult);
        assertEquals(SkipReason.UNSUPPORTED_TAR_ENTRY, sparseSkip.reason());
        assertTrue(sparseSkip.detail().contains("sparse"), sparseSkip.detail());
    }

    @Test
    void theVerifierCatchesAZtocThatDoesNotDescribeItsLayer() throws Exception {
        byte[] layer = Encoders.gnuGzip(bytes(posixTar), 6);
        Ztoc ztoc = indexAndRead(layer, MediaTypes.OCI_LAYER_GZIP);
        Path file = Files.write(work.resolve("verify-layer.gz"), layer);

        List<String> spanDigestsSwapped = new java.util.ArrayList<>(ztoc.compressionInfo().spanDigests());
        java.util.Collections.swap(spanDigestsSwapped, 1, 2);
        Ztoc wrongDigests = withInfo(ztoc, new dev.sociindex.ztoc.CompressionInfo(ztoc.compressionInfo().algorithm(),
                ztoc.compressionInfo().maxSpanId(), spanDigestsSwapped, ztoc.compressionInfo().checkpoints()));
        assertFalse(ZtocLayerVerifier.verify(wrongDigests, file, "layer").isEmpty());

        byte[] checkpoints = ztoc.compressionInfo().checkpoints().clone();
        for (int i = 1; i <= ztoc.compressionInfo().maxSpanId(); i++) {
            java.util.Arrays.fill(checkpoints, 12 + 32785 * i + 17, 12 + 32785 * (i + 1), (byte) 0x55); // every window but the first
        }
        Ztoc wrongWindow = withInfo(ztoc, new dev.sociindex.ztoc.CompressionInfo(ztoc.compressionInfo().algorithm(),
                ztoc.compressionInfo().maxSpanId(), ztoc.compressionInfo().spanDigests(), checkpoints));
        assertTrue(ZtocLayerVerifier.verify(wrongWindow, file, "layer").stream().anyMatch(p -> p.contains("resuming at checkpoint")),
                "a corrupted window must make zlib produce wrong bytes");

        FileMetadata first = ztoc.files().stream().filter(f -> f.type().equals("reg") && f.uncompressedSize() > 0).findFirst().orElseThrow();
        List<FileMetadata> renamed = ztoc.files().stream().map(f -> f == first ? renamed(f) : f).toList();
        Ztoc wrongName = new Ztoc(ztoc.version(), ztoc.buildToolIdentifier(), ztoc.compressedArchiveSize(),
                ztoc.uncompressedArchiveSize(), renamed, ztoc.compressionInfo());
        assertTrue(ZtocLayerVerifier.verify(wrongName, file, "layer").stream().anyMatch(p -> p.contains("differs from its tar header")));
    }

    private static FileMetadata renamed(FileMetadata f) {
        return new FileMetadata(RawBytes.utf8(f.name().utf8String() + "x"), f.type(), f.uncompressedOffset(), f.uncompressedSize(),
                f.linkName(), f.mode(), f.uid(), f.gid(), f.userName(), f.groupName(), f.modTime(), f.devMajor(), f.devMinor(), f.xattrs());
    }

    private static Ztoc withInfo(Ztoc z, dev.sociindex.ztoc.CompressionInfo info) {
        return new Ztoc(z.version(), z.buildToolIdentifier(), z.compressedArchiveSize(), z.uncompressedArchiveSize(), z.files(), info);
    }

    private static void assertTocMatchesPython(Path tar, Ztoc ztoc) throws Exception {
        List<PythonTarOracle.Member> members = PythonTarOracle.list(tar);
        assertEquals(members.size(), ztoc.files().size(), "entry count");
        for (int i = 0; i < members.size(); i++) {
            PythonTarOracle.Member expected = members.get(i);
            FileMetadata actual = ztoc.files().get(i);
            String where = "entry " + i + " (" + actual.name() + ")";
            // Python strips a trailing '/' from directory names; the zTOC keeps the name raw.
            RawBytes name = actual.type().equals("dir") && actual.name().endsWith(RawBytes.utf8("/"))
                    ? RawBytes.copyOf(actual.name().toByteArray(), 0, actual.name().length() - 1) : actual.name();
            assertEquals(expected.name(), name, where);
            assertEquals(typeName(expected.type()), actual.type(), where);
            assertEquals(expected.dataOffset(), actual.uncompressedOffset(), where);
            assertEquals(expected.size(), actual.uncompressedSize(), where);
            assertEquals(expected.linkName(), actual.linkName(), where);
            assertEquals(expected.mode(), actual.mode(), where);
            assertEquals(expected.uid(), actual.uid(), where);
            assertEquals(expected.gid(), actual.gid(), where);
            assertEquals(expected.userName(), actual.userName(), where);
            assertEquals(expected.groupName(), actual.groupName(), where);
            assertEquals(Instant.ofEpochSecond(expected.modTimeSeconds(), expected.modTimeNanos()), Instant.parse(actual.modTime()), where);
            assertEquals(expected.devMajor(), actual.devMajor(), where);
            assertEquals(expected.devMinor(), actual.devMinor(), where);
            List<Xattr> pax = expected.paxRecords().stream().map(r -> new Xattr(r.key(), r.value()))
                    .sorted(Comparator.comparing(Xattr::key)).toList();
            assertEquals(pax, actual.xattrs(), where);
        }
        PythonTarOracle.Member last = members.get(members.size() - 1);
        long endOfData = last.dataOffset() + ((last.size() + 511) / 512) * 512;
        assertEquals(endOfData + 1024, ztoc.uncompressedArchiveSize(), "uncompressed archive size ends after the two zero blocks");
    }

    private static String typeName(char type) {
        return switch (type) {
            case '0', '\0' -> "reg";
            case '1' -> "hardlink";
            case '2' -> "symlink";
            case '3' -> "char";
            case '4' -> "block";
            case '5' -> "dir";
            case '6' -> "fifo";
            default -> throw new AssertionError("unexpected type " + type);
        };
    }

    private static void assertVerifies(Ztoc ztoc, byte[] layer) throws IOException {
        Path file = Files.write(work.resolve("layer-" + Digests.sha256(layer).substring(7, 19)), layer);
        assertEquals(List.of(), ZtocLayerVerifier.verify(ztoc, file, "layer"));
    }

    private static Ztoc indexAndRead(byte[] layer, String mediaType) throws IOException {
        LayerResult result = indexer().index(describe(layer, mediaType), new ByteArrayInputStream(layer));
        LayerResult.Indexed indexed = assertInstanceOf(LayerResult.Indexed.class, result, () -> result.toString());
        byte[] bytes;
        try (var ztoc = indexed.ztoc()) {
            bytes = ztoc.readAllBytes();
        }
        assertEquals(Digests.sha256(bytes), indexed.ztocDigest());
        assertEquals(bytes.length, indexed.ztoc().size());
        return ZtocReader.read(bytes);
    }

    private static LayerIndexer indexer() {
        return new LayerIndexer(SPAN, "test");
    }

    private static LayerDescriptor describe(byte[] layer, String mediaType) {
        return new LayerDescriptor(Digests.sha256(layer), layer.length, mediaType);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
