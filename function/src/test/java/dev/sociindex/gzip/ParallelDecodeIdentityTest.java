package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.Encoders;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ParallelDecodeIdentityTest {
    private static final byte[] DATA = Encoders.mixedData(42, 2 << 20);

    @Test
    void gnuGzipLevels() throws IOException {
        for (int level : new int[] {1, 6, 9}) {
            ParallelIdentity.Run run = ParallelIdentity.assertIdentical(Encoders.gnuGzip(DATA, level), 65_536);
            assertTrue(run.checkpoints().size() > 10, "level " + level + ": " + run.checkpoints().size());
        }
    }
}
