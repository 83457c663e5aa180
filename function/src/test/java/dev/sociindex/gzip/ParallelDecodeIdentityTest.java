package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.Encoders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel decoder against the sequential one (the oracle), on real encoders' output, at chunk sizes of 16, 40
 * and 64 KiB (chunk starts then fall inside stored, fixed and dynamic blocks and next to member boundaries) and 1, 2
 * and 4 threads: output, checkpoints with their windows, span digests, sizes and member count must be identical,
 * and bad input must fail with the same exception and message. Each case also requires that chunks decoded on
 * workers were actually used, so that a parallel path that always fell back could not pass.
 */
class ParallelDecodeIdentityTest {
    private static final byte[] DATA = Encoders.mixedData(42, 2 << 20);
    private static final long SPAN = 65_536;

    @Test
    void gnuGzipFastestDefaultAndBest() throws IOException {
        for (int level : new int[] {1, 6, 9}) {
            assertIdenticalAndParallel(Encoders.gnuGzip(DATA, level), SPAN);
        }
    }

    @Test
    void gnuGzipAtSpanZeroPlacesACheckpointAtEveryBoundary() throws IOException {
        ParallelIdentity.Run run = assertIdenticalAndParallel(Encoders.gnuGzip(DATA, 6), 0);
        assertTrue(run.checkpoints().size() > 30, "checkpoints: " + run.checkpoints().size());
    }

    @Test
    void pigzWithItsEmptyStoredBlocks() throws IOException {
        assertIdenticalAndParallel(Encoders.pigz(DATA), SPAN);
        assertIdenticalAndParallel(Encoders.pigz(DATA, "-b", "128"), 10_000);
    }

    @Test
    void javaUtilZip() throws IOException {
        assertIdenticalAndParallel(Encoders.javaGzip(DATA), SPAN);
    }

    @Test
    void goCompressGzipThroughUmoci(@TempDir Path work) throws IOException {
        byte[] layer = Encoders.goGzipLayer(work, List.of("a.bin", "b.txt"),
                List.of(Encoders.mixedData(5, 1 << 20), Encoders.mixedData(6, 1 << 20)));
        assertIdenticalAndParallel(layer, SPAN);
    }

    @Test
    void storedBlocksOfIncompressibleData() throws IOException {
        byte[] random = Encoders.randomBytes(9, 1 << 20);
        byte[] mixed = Encoders.concat(random, Arrays.copyOf(DATA, 1 << 20), Encoders.randomBytes(10, 300_000));
        for (byte[] gzip : List.of(Encoders.gnuGzip(random, 6), Encoders.gnuGzip(mixed, 1), Encoders.pigz(mixed))) {
            assertIdenticalAndParallel(gzip, SPAN);
        }
    }

    @Test
    void allHeaderFields() throws IOException {
        assertIdenticalAndParallel(Encoders.gzipWithAllHeaderFields(DATA, new byte[300]), SPAN);
    }

    @Test
    void multipleMembersHandOverAtTheFirstMembersEnd() throws IOException {
        byte[] first = Encoders.gnuGzip(Arrays.copyOfRange(DATA, 0, 1_500_000), 6);
        byte[] second = Encoders.pigz(Arrays.copyOfRange(DATA, 1_500_000, 1_800_000));
        byte[] third = Encoders.gnuGzip(Arrays.copyOfRange(DATA, 1_800_000, DATA.length), 9);
        byte[] gzip = Encoders.concat(first, second, Encoders.gnuGzip(new byte[0], 6), third);
        ParallelIdentity.Run run = assertIdenticalAndParallel(gzip, SPAN);
        assertEquals(4, run.members());
        // Small members back to back: chunk starts fall next to member boundaries everywhere.
        List<byte[]> members = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            members.add(Encoders.gnuGzip(Encoders.mixedData(100 + i, 30_000), 9));
        }
        ParallelIdentity.assertIdentical(Encoders.concat(members.toArray(byte[][]::new)), 16_384);
    }

    @Test
    void tinyAndEmptyInputs() throws IOException {
        for (byte[] content : List.of(new byte[0], new byte[] {7}, Arrays.copyOf(DATA, 40_000))) {
            ParallelIdentity.assertIdentical(Encoders.gnuGzip(content, 6), SPAN);
        }
    }

    @Test
    void truncatedInputFailsAsTheSequentialDecoderDoes() {
        byte[] gzip = Encoders.gnuGzip(DATA, 6);
        for (int length : new int[] {5, 10, 12, 100_000, gzip.length / 2, gzip.length - 9, gzip.length - 4,
                gzip.length - 1}) {
            Exception failure = ParallelIdentity.assertSameFailure(Arrays.copyOf(gzip, length), SPAN);
            assertInstanceOf(GzipFormatException.class, failure, "length " + length);
        }
    }

    @Test
    void corruptInputFailsAsTheSequentialDecoderDoes() {
        byte[] gzip = Encoders.gnuGzip(DATA, 6);
        List<String> messages = new ArrayList<>();
        for (int at : new int[] {20, 3_000, 200_000, gzip.length / 2, gzip.length - 300, gzip.length - 8,
                gzip.length - 3}) {
            byte[] bad = gzip.clone();
            bad[at] ^= 0x5A;
            messages.add(ParallelIdentity.assertSameFailure(bad, SPAN).getMessage());
        }
        byte[] garbage = Encoders.concat(gzip, new byte[] {1, 2, 3});
        messages.add(ParallelIdentity.assertSameFailure(garbage, SPAN).getMessage());
        byte[] badMagic = gzip.clone();
        badMagic[1] = 0;
        messages.add(ParallelIdentity.assertSameFailure(badMagic, SPAN).getMessage());
        assertTrue(messages.stream().anyMatch(m -> m.contains("CRC32 mismatch")), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.contains("trailing garbage")), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("not gzip")), messages::toString);
    }

    @Test
    void crcCombinationMatchesTheCrcOfTheWhole() {
        byte[] bytes = Encoders.mixedData(3, 100_000);
        java.util.zip.CRC32 whole = new java.util.zip.CRC32();
        whole.update(bytes);
        for (int cut : new int[] {0, 1, 77, 65_536, 99_999, 100_000}) {
            java.util.zip.CRC32 a = new java.util.zip.CRC32();
            a.update(bytes, 0, cut);
            java.util.zip.CRC32 b = new java.util.zip.CRC32();
            b.update(bytes, cut, bytes.length - cut);
            assertEquals((int) whole.getValue(),
                    Crc32Combine.combine((int) a.getValue(), (int) b.getValue(), bytes.length - cut), "cut " + cut);
        }
    }

    private static ParallelIdentity.Run assertIdenticalAndParallel(byte[] gzip, long span) throws IOException {
        ParallelIdentity.Run run = ParallelIdentity.assertIdentical(gzip, span);
        ParallelGzipFront.Stats stats = ParallelIdentity.run(gzip, span, new ParallelDecoding(2, 16 << 10, 0))
                .stats();
        assertTrue(stats.fromWorkers() > 10, "chunks decoded on workers and used: " + stats);
        return run;
    }
}
