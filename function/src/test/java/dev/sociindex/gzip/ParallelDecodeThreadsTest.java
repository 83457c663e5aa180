package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.layer.ZtocBuilder;
import dev.sociindex.tar.TarFormatException;
import dev.sociindex.testing.Encoders;
import dev.sociindex.ztoc.CheckpointSpill;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parallel decoder's worker threads do not outlive their stream: not when it is read to the end, not when the
 * reader gives up half-way (a tar error), and the source stays open for the caller in that case.
 */
class ParallelDecodeThreadsTest {
    private static final byte[] GZIP = Encoders.gnuGzip(Encoders.mixedData(11, 3 << 20), 6);

    @Test
    void aStreamReadToItsEndLeavesNoDecodingThread() throws Exception {
        ParallelIdentity.run(GZIP, 65_536, new ParallelDecoding(4, 16 << 10, 0));
        awaitNoDecodingThreads();
    }

    @Test
    void anAbandonedZtocBuildStopsItsDecodingThreadsAndKeepsTheSourceOpen() throws Exception {
        // Not a tar: the tar reader fails on the first header, long before the parallel decoder is done.
        ByteArrayInputStream source = new ByteArrayInputStream(GZIP);
        ZtocBuilder builder = new ZtocBuilder(65_536, "test", ZtocBuilder.DEFAULT_MAX_ENTRIES, CheckpointSpill.never(),
                new ParallelDecoding(4, 16 << 10, 0));
        assertThrows(TarFormatException.class, () -> builder.draftGzip(source, GZIP.length));
        assertTrue(source.available() > 0 && source.read() >= 0, "the source is still readable");
        awaitNoDecodingThreads();
    }

    /** Threads end when their last task does (the pool is shut down), so this waits a little, boundedly. */
    private static void awaitNoDecodingThreads() throws InterruptedException {
        List<String> alive = List.of();
        for (int i = 0; i < 100; i++) {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith("soci-inflate-")).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(List.of(), alive, "decoding threads still alive after 10 s");
    }
}
