package dev.sociindex.gzip;

import static dev.sociindex.gzip.OracleChecks.assertAllChecks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.ZlibOracle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real encoders' output through our inflater, checked against zlib's own checkpoint placement, zlib resuming at
 * every checkpoint, GZIPInputStream's output and recomputed span digests.
 */
class GzipCheckpointingEncodersTest {
    private static final int SIZE = 3 << 20;
    private final ZlibOracle zlib = new ZlibOracle();
    private final OracleChecks checks = new OracleChecks(zlib);
    private final byte[] data = Encoders.mixedData(42, SIZE);

    @Test
    void gnuGzipFastest() throws IOException {
        assertAllChecks(checks, Encoders.gnuGzip(data, 1), 64 << 10, 15);
    }

    @Test
    void gnuGzipBest() throws IOException {
        assertAllChecks(checks, Encoders.gnuGzip(data, 9), 10_000, 40);
    }

    @Test
    void gnuGzipWithLargeSpanHasOnlyCheckpointZero() throws IOException {
        byte[] gzip = Encoders.gnuGzip(data, 6);
        assertAllChecks(checks, gzip, 4 << 20, 1);
        GzipInflation ours = GzipInflation.of(gzip, 4 << 20);
        assertEquals(List.of("in=10 out=0 bits=0"), OracleChecks.describe(ours.checkpoints()));
    }

    @Test
    void pigzWithSyncFlushMarkers() throws IOException {
        assertAllChecks(checks, Encoders.pigz(data), 64 << 10, 20);
    }

    @Test
    void pigzWithSmallBlocksAndZeroSpan() throws IOException {
        // Span 0: every boundary after new output is a checkpoint; pigz's empty stored blocks add none.
        byte[] gzip = Encoders.pigz(Encoders.mixedData(7, 1 << 20), "-b", "128");
        assertAllChecks(checks, gzip, 0, 25);
    }

    @Test
    void pigzSmallBlocks() throws IOException {
        assertAllChecks(checks, Encoders.pigz(data, "-b", "128"), 10_000, 50);
    }

    @Test
    void concatenatedMembersFromGzipAndPigz() throws IOException {
        byte[] first = Encoders.gnuGzip(java.util.Arrays.copyOfRange(data, 0, SIZE / 3), 6);
        byte[] second = Encoders.pigz(java.util.Arrays.copyOfRange(data, SIZE / 3, SIZE / 2));
        byte[] third = Encoders.gnuGzip(java.util.Arrays.copyOfRange(data, SIZE / 2, SIZE), 1);
        byte[] gzip = Encoders.concat(first, second, Encoders.gnuGzip(new byte[0], 6), third);
        assertAllChecks(checks, gzip, 64 << 10, 20);
        assertEquals(4, GzipInflation.of(gzip, 64 << 10).members());
    }

    @Test
    void concatenatedMembersWithCheckpointsRightAfterLaterHeaders() throws IOException {
        // Members of ~70 KiB with a 64 KiB span: checkpoints land right after member headers too.
        byte[][] members = new byte[12][];
        for (int i = 0; i < members.length; i++) {
            members[i] = Encoders.gnuGzip(Encoders.mixedData(100 + i, 70_000), 9);
        }
        byte[] gzip = Encoders.concat(members);
        GzipInflation ours = GzipInflation.of(gzip, 64 << 10);
        assertAllChecks(checks, gzip, 64 << 10, 8);
        long afterHeaders = ours.checkpoints().stream().filter(c -> isMemberStart(members, c.in())).count();
        assertTrue(afterHeaders > 1, "some checkpoints sit right after a later member's header: "
                + OracleChecks.describe(ours.checkpoints()));
    }

    @Test
    void javaGzipOutputStream() throws IOException {
        assertAllChecks(checks, Encoders.javaGzip(data), 64 << 10, 20);
    }

    @Test
    void goGzipLayerFromUmoci(@TempDir Path tmp) throws IOException {
        byte[] gzip = Encoders.goGzipLayer(tmp, List.of("mixed.bin", "random.bin", "more.txt"),
                List.of(data, Encoders.randomBytes(5, 300_000), Encoders.mixedData(9, 500_000)));
        assertAllChecks(checks, gzip, 64 << 10, 20);
    }

    @Test
    void incompressibleDataInStoredBlocks() throws IOException {
        byte[] gzip = Encoders.gnuGzip(Encoders.randomBytes(3, 1 << 20), 6);
        GzipInflation ours = GzipInflation.of(gzip, 10_000);
        assertAllChecks(checks, gzip, 10_000, 30);
        assertTrue(ours.checkpoints().stream().skip(1).allMatch(c -> c.bits() == 0),
                "stored blocks end byte-aligned");
    }

    @Test
    void headerWithExtraNameCommentAndHeaderCrcLargerThanTheInputBuffer() throws IOException {
        byte[] extra = Encoders.randomBytes(11, 65_535);
        byte[] gzip = Encoders.gzipWithAllHeaderFields(Encoders.mixedData(12, 400_000), extra);
        GzipInflation ours = GzipInflation.of(gzip, 64 << 10);
        int headerLength = 10 + 2 + extra.length + "name-of-file.tar\0".length() + "a comment, with a comma\0".length()
                + 2;
        assertEquals(headerLength, ours.checkpoints().getFirst().in(), "checkpoint 0 right after the whole header");
        assertAllChecks(checks, gzip, 64 << 10, 3);
    }

    @Test
    void emptyInput() throws IOException {
        byte[] gzip = Encoders.gnuGzip(new byte[0], 6);
        GzipInflation ours = GzipInflation.of(gzip, 64 << 10);
        assertAllChecks(checks, gzip, 64 << 10, 1);
        assertArrayEquals(new byte[0], ours.output());
        assertEquals(List.of("in=10 out=0 bits=0"), OracleChecks.describe(ours.checkpoints()));
        assertEquals(List.of(OracleChecks.sha256(gzip, 10, gzip.length)), ours.spanDigests());
    }

    @Test
    void emptyFirstBlockGivesTwoCheckpointsAtOutZeroLikeZlib() throws IOException {
        // A sync-flush-style empty stored block first: zlib's rule (totout == 0) checkpoints after it again.
        byte[] deflate = new DeflateBitWriter().bits(0, 1).bits(0, 2).alignToByte().bits(0, 16).bits(0xFFFF, 16)
                .fixedBlockHeader(true).fixedLiteral('a').fixedEndOfBlock().toByteArray();
        byte[] gzip = DeflateBitWriter.gzipMember(deflate, new byte[] {'a'});
        assertAllChecks(checks, gzip, 64 << 10, 2);
        assertEquals(List.of("in=10 out=0 bits=0", "in=15 out=0 bits=0"),
                OracleChecks.describe(GzipInflation.of(gzip, 64 << 10).checkpoints()));
    }

    @Test
    void allBitOffsetsOccurAcrossTheCorpus() throws IOException {
        GzipInflation ours = GzipInflation.of(Encoders.gnuGzip(data, 9), 1000);
        assertEquals("01234567", ours.checkpoints().stream().map(c -> String.valueOf(c.bits())).distinct().sorted()
                .collect(Collectors.joining()));
    }

    @Test
    void drainToEndCoversTheWholeBlobAfterAPartialRead() throws IOException {
        byte[] gzip = Encoders.gnuGzip(data, 6);
        GzipInflation full = GzipInflation.of(gzip, 64 << 10);
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(
                new java.io.ByteArrayInputStream(gzip), 64 << 10)) {
            byte[] start = in.readNBytes(100_000);
            assertArrayEquals(java.util.Arrays.copyOf(data, 100_000), start);
            in.drainToEnd();
            assertEquals(-1, in.read());
            assertEquals(OracleChecks.describe(full.checkpoints()), OracleChecks.describe(in.checkpoints()));
            assertEquals(full.spanDigests(), in.spanDigests());
            assertEquals(gzip.length, in.compressedSize());
            assertEquals(SIZE, in.uncompressedSize());
            assertEquals(1, in.memberCount());
        }
    }

    private static boolean isMemberStart(byte[][] members, long in) {
        long offset = 0;
        for (byte[] member : members) {
            if (in == offset + 10) {
                return true;
            }
            offset += member.length;
        }
        return false;
    }
}
