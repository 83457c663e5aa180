package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sociindex.testing.Encoders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** InputStream behaviour: single-byte reads, results only after the end, failure is sticky. */
class GzipCheckpointingStreamContractTest {
    private static final byte[] DATA = Encoders.mixedData(5, 200_000);
    private static final byte[] GZIP = Encoders.gnuGzip(DATA, 6);

    @Test
    void singleByteReadsGiveTheSameOutput() throws IOException {
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(new ByteArrayInputStream(GZIP), 0)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                out.write(b);
            }
            assertArrayEquals(DATA, out.toByteArray());
            assertEquals(0, in.read(new byte[0], 0, 0));
            assertEquals(-1, in.read(new byte[10], 0, 10));
        }
    }

    @Test
    void resultsRequireTheEnd() throws IOException {
        // More than one output chunk (1 MiB), so a short read cannot have decoded everything.
        byte[] large = Encoders.gnuGzip(Encoders.mixedData(6, 3 << 20), 1);
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(new ByteArrayInputStream(large), 0)) {
            in.readNBytes(1000);
            assertThrows(IllegalStateException.class, in::checkpoints);
            assertThrows(IllegalStateException.class, in::spanDigests);
            assertThrows(IllegalStateException.class, in::compressedSize);
        }
    }

    @Test
    void negativeSpanIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new GzipCheckpointingInputStream(new ByteArrayInputStream(GZIP), -1));
    }

    @Test
    void aFailedStreamKeepsFailing() throws IOException {
        byte[] bad = GZIP.clone();
        bad[bad.length - 8] ^= 1;
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(new ByteArrayInputStream(bad), 0)) {
            assertThrows(GzipFormatException.class, in::drainToEnd);
            assertThrows(IOException.class, in::read);
            assertThrows(IllegalStateException.class, in::checkpoints);
        }
    }
}
