package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sociindex.testing.Encoders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skip} discards output without copying it; everything the stream records (checkpoints with their windows,
 * span digests, sizes, CRC checks) must come out exactly as when every byte is read, and the bytes read between
 * skips must be the right ones.
 */
class GzipSkipTest {
    private static final long SPAN = 64 * 1024;
    // Over 3 output chunks (1 MiB each), so skips cross the buffer slides; two members, so they cross a trailer.
    private static final byte[] PART_ONE = Encoders.mixedData(11, 2_500_000);
    private static final byte[] PART_TWO = Encoders.mixedData(12, 900_000);
    private static final byte[] DATA = Encoders.concat(PART_ONE, PART_TWO);

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 511, 4096, 65_536, 1_048_577, 3_000_000})
    void skippingRecordsExactlyWhatReadingRecords(long maxSkip) throws IOException {
        byte[] gzip = Encoders.concat(Encoders.gnuGzip(PART_ONE, 6), Encoders.pigz(PART_TWO, "-6"));
        GzipCheckpointingInputStream read = new GzipCheckpointingInputStream(new ByteArrayInputStream(gzip), SPAN);
        assertArrayEquals(DATA, read.readAllBytes());

        GzipCheckpointingInputStream skipping = new GzipCheckpointingInputStream(new ByteArrayInputStream(gzip), SPAN);
        SplittableRandom random = new SplittableRandom(maxSkip);
        int position = 0;
        while (position < DATA.length) {
            long skip = random.nextLong(maxSkip + 1);
            long skipped = skipping.skip(skip);
            assertEquals(Math.min(skip, DATA.length - position), skipped, "skip of " + skip + " at " + position);
            position += (int) skipped;
            byte[] chunk = skipping.readNBytes(random.nextInt(3000));
            assertArrayEquals(Arrays.copyOfRange(DATA, position, position + chunk.length), chunk, "bytes at " + position);
            position += chunk.length;
        }
        assertEquals(0, skipping.skip(10), "skip at the end");
        assertEquals(-1, skipping.read());

        assertEquals(read.uncompressedSize(), skipping.uncompressedSize());
        assertEquals(read.compressedSize(), skipping.compressedSize());
        assertEquals(2, skipping.memberCount());
        assertEquals(read.spanDigests(), skipping.spanDigests());
        assertSameCheckpoints(read.checkpoints(), skipping.checkpoints());
    }

    private static void assertSameCheckpoints(List<Checkpoint> expected, List<Checkpoint> actual) {
        assertEquals(expected.size(), actual.size(), "checkpoint count");
        for (int i = 0; i < expected.size(); i++) {
            Checkpoint e = expected.get(i);
            Checkpoint a = actual.get(i);
            assertEquals(List.of(e.in(), e.out(), (long) e.bits()), List.of(a.in(), a.out(), (long) a.bits()), "checkpoint " + i);
            assertArrayEquals(e.window(), a.window(), "window of checkpoint " + i);
        }
    }
}
