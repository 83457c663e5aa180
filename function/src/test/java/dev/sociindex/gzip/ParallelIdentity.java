package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one gzip blob sequentially (the oracle) and with the parallel front at several chunk sizes and thread
 * counts, and requires everything the zTOC is made of to be identical: output bytes, every checkpoint (offsets, bit,
 * window), span digests, sizes, member count; or, for bad input, the same exception type and message.
 */
final class ParallelIdentity {
    static final int[] CHUNK_SIZES = {16 << 10, 40 << 10, 64 << 10};
    static final int[] THREADS = {1, 2, 4};

    record Run(byte[] output, List<Checkpoint> checkpoints, List<String> spanDigests, long compressedSize,
               long uncompressedSize, int members, ParallelGzipFront.Stats stats) {
    }

    private ParallelIdentity() {
    }

    /** Runs the whole matrix; returns the sequential result. */
    static Run assertIdentical(byte[] gzip, long spanSize) throws IOException {
        Run sequential = run(gzip, spanSize, ParallelDecoding.off());
        for (int chunk : CHUNK_SIZES) {
            for (int threads : THREADS) {
                Run parallel = run(gzip, spanSize, new ParallelDecoding(threads, chunk, 0));
                assertSame(sequential, parallel, "chunk " + chunk + ", " + threads + " threads");
                if (System.getenv("SOCI_TEST_PARALLEL_STATS") != null) {
                    System.out.println("chunk " + chunk + " threads " + threads + ": " + parallel.stats()
                            + " of " + gzip.length + " in, " + sequential.output().length + " out");
                }
            }
        }
        return sequential;
    }

    /** Requires bad input to fail alike; returns the sequential failure. */
    static Exception assertSameFailure(byte[] gzip, long spanSize) {
        Exception expected = assertThrows(Exception.class, () -> run(gzip, spanSize, ParallelDecoding.off()));
        for (int chunk : CHUNK_SIZES) {
            for (int threads : THREADS) {
                Exception actual = assertThrows(Exception.class,
                        () -> run(gzip, spanSize, new ParallelDecoding(threads, chunk, 0)));
                String where = "chunk " + chunk + ", " + threads + " threads";
                assertEquals(expected.getClass(), actual.getClass(), where);
                assertEquals(expected.getMessage(), actual.getMessage(), where);
            }
        }
        return expected;
    }

    static Run run(byte[] gzip, long spanSize, ParallelDecoding parallel) throws IOException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(new ByteArrayInputStream(gzip),
                spanSize, checkpoints::add, parallel)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[7919];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            return new Run(out.toByteArray(), checkpoints, in.spanDigests(), in.compressedSize(),
                    in.uncompressedSize(), in.memberCount(), in.parallelStats());
        }
    }

    static void assertSame(Run expected, Run actual, String where) {
        assertArrayEquals(expected.output(), actual.output(), where + ": output");
        assertEquals(expected.checkpoints().size(), actual.checkpoints().size(), where + ": checkpoint count");
        for (int i = 0; i < expected.checkpoints().size(); i++) {
            Checkpoint e = expected.checkpoints().get(i);
            Checkpoint a = actual.checkpoints().get(i);
            String at = where + ": checkpoint " + i;
            assertEquals(e.in() + "/" + e.out() + "/" + e.bits(), a.in() + "/" + a.out() + "/" + a.bits(), at);
            assertArrayEquals(e.window(), a.window(), at + " window");
        }
        assertEquals(expected.spanDigests(), actual.spanDigests(), where + ": span digests");
        assertEquals(expected.compressedSize(), actual.compressedSize(), where + ": compressed size");
        assertEquals(expected.uncompressedSize(), actual.uncompressedSize(), where + ": uncompressed size");
        assertEquals(expected.members(), actual.members(), where + ": members");
    }
}
