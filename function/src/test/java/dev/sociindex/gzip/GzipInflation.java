package dev.sociindex.gzip;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;

/** Runs our inflater over a blob and captures everything it reports; the source may trickle in small reads. */
record GzipInflation(byte[] output, List<Checkpoint> checkpoints, List<String> spanDigests, long compressedSize,
                     long uncompressedSize, int members) {

    static GzipInflation of(byte[] gzip, long spanSize) throws IOException {
        return of(new ByteArrayInputStream(gzip), spanSize, 1 << 16);
    }

    /** Reads with a source that returns at most a few bytes per call, to exercise every buffer edge. */
    static GzipInflation trickled(byte[] gzip, long spanSize, long seed) throws IOException {
        return of(new TricklingInputStream(gzip, seed), spanSize, 777);
    }

    private static GzipInflation of(InputStream source, long spanSize, int readSize) throws IOException {
        try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(source, spanSize)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[readSize];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
            return new GzipInflation(out.toByteArray(), in.checkpoints(), in.spanDigests(), in.compressedSize(),
                    in.uncompressedSize(), in.memberCount());
        }
    }

    /** Hands out the blob in reads of 1 to 100 bytes, or occasionally a larger piece. */
    private static final class TricklingInputStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private int pos;

        TricklingInputStream(byte[] data, long seed) {
            this.data = data;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == data.length) {
                return -1;
            }
            int want = random.nextInt(10) == 0 ? 1 + random.nextInt(100_000) : 1 + random.nextInt(100);
            int n = Math.min(Math.min(len, want), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
