package dev.sociindex.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sociindex.oci.Digests;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.testing.Encoders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The read-ahead thread: same bytes in the same order, the source's failures unchanged, no thread left behind. */
class PrefetchingInputStreamTest {
    private static final byte[] DATA = Encoders.randomBytes(21, 100_003);

    @Test
    void deliversTheSourceBytesWhateverTheReadSizes() throws IOException {
        try (PrefetchingInputStream in = prefetch(new ByteArrayInputStream(DATA), "prefetch-bytes")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(in.read());
            // Smaller than, equal to and larger than the 4096-byte buffers, so reads end inside and across them.
            int[] sizes = {1, 7, 4096, 4097, 9000, 13};
            byte[] buffer = new byte[9000];
            int n;
            for (int i = 0; (n = in.read(buffer, 0, sizes[i % sizes.length])) > 0; i++) {
                out.write(buffer, 0, n);
            }
            assertEquals(-1, n);
            assertEquals(-1, in.read(), "the end repeats");
            assertArrayEquals(DATA, out.toByteArray());
        }
    }

    @Test
    void aSourceFailureArrivesUnchangedAfterTheBytesBeforeIt() throws IOException {
        IOException failure = new LayerDigestMismatchException("the blob's digest is wrong");
        InputStream source = new SequenceInputStream(new ByteArrayInputStream(DATA), new FailingStream(failure));
        try (PrefetchingInputStream in = prefetch(source, "prefetch-failure")) {
            assertArrayEquals(DATA, in.readNBytes(DATA.length), "every byte before the failure");
            assertSame(failure, assertThrows(IOException.class, in::read));
            assertSame(failure, assertThrows(IOException.class, in::read), "the failure repeats");
        }
    }

    @Test
    void aRuntimeFailureKeepsItsType() throws IOException {
        IllegalStateException failure = new IllegalStateException("source broke");
        try (PrefetchingInputStream in = prefetch(new FailingStream(failure), "prefetch-runtime")) {
            assertSame(failure, assertThrows(IllegalStateException.class, () -> in.read(new byte[10])));
        }
    }

    @Test
    void aWrongDigestFromTheVerifyingStreamSurfacesAtTheEnd() throws IOException {
        LayerDescriptor layer = new LayerDescriptor(Digests.sha256(new byte[] {1}), DATA.length, MediaTypes.OCI_LAYER_GZIP);
        try (PrefetchingInputStream in = prefetch(new VerifyingInputStream(new ByteArrayInputStream(DATA), layer), "prefetch-digest")) {
            assertEquals(DATA.length, in.readNBytes(DATA.length).length);
            assertThrows(LayerDigestMismatchException.class, in::read);
        }
    }

    @Test
    void closingStopsAReaderBlockedInTheSource() throws IOException {
        // A pipe that gets one buffer and a bit, then nothing more: the reader thread hands over the full buffer
        // and blocks in the pipe's read until interrupted.
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream source = new PipedInputStream(writer, 8192);
        PrefetchingInputStream in = prefetch(source, "prefetch-blocked-source");
        writer.write(DATA, 0, 5000);
        assertEquals(DATA[0], (byte) in.read());
        in.close();
        assertNoThreadNamed("prefetch-blocked-source");
        assertThrows(IOException.class, in::read, "reading after close");
    }

    @Test
    void closingStopsAReaderWaitingForTheConsumer() throws IOException {
        // Far more than the buffers hold, so the reader fills them all and then waits for a free one.
        PrefetchingInputStream in = prefetch(new ByteArrayInputStream(new byte[1 << 20]), "prefetch-waiting");
        in.read();
        in.close();
        assertNoThreadNamed("prefetch-waiting");
    }

    @Test
    void aLayerThatFailsMidwayLeavesNoReaderThread() {
        byte[] notGzip = Arrays.copyOf(DATA, 5000);
        LayerDescriptor layer = new LayerDescriptor(Digests.sha256(notGzip), notGzip.length, MediaTypes.OCI_LAYER_GZIP);
        assertThrows(LayerFormatException.class,
                () -> new LayerIndexer(1 << 16, "test").index(layer, new ByteArrayInputStream(notGzip)));
        assertNoThreadNamed("soci-blob-reader-" + layer.digest());
    }

    private static PrefetchingInputStream prefetch(InputStream source, String threadName) {
        return new PrefetchingInputStream(source, 3, 4096, threadName);
    }

    private static void assertNoThreadNamed(String name) {
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive()),
                "thread " + name + " still runs");
    }

    /** A source whose next read fails with the given exception. */
    private static final class FailingStream extends InputStream {
        private final Throwable failure;

        FailingStream(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            return read(new byte[1], 0, 1);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }
    }
}
