package dev.sociindex.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a gzip (level 1) tar layer of any size without holding or storing it: synthetic files of mixed sizes
 * (mean about {@value #MEAN_FILE_BYTES} bytes) whose content is text-like slices of one seeded block, so that it
 * compresses about as well as real files do. Reports its progress (tar bytes and files written) for samplers on
 * other threads.
 */
final class SyntheticLayer {
    static final int MEAN_FILE_BYTES = 256 * 1024;
    private static final int BLOCK_BYTES = 4 << 20;
    private static final int FILES_PER_DIRECTORY = 1000;

    private final long uncompressedBytes;
    private final byte[] block;
    private final SplittableRandom random;
    private final AtomicLong tarBytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();

    SyntheticLayer(long uncompressedBytes, long seed) {
        this.uncompressedBytes = uncompressedBytes;
        this.random = new SplittableRandom(seed);
        this.block = textBlock(new SplittableRandom(seed + 1));
    }

    long tarBytesWritten() {
        return tarBytes.get();
    }

    long filesWritten() {
        return files.get();
    }

    /** Writes the whole gzip layer to {@code out} and closes it. */
    void writeTo(OutputStream out) throws IOException {
        try (GZIPOutputStream gzip = new FastGzipOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            // Stop once the tar body reaches the target; headers (512 bytes per file) come on top.
            for (long n = 0; tarBytes.get() < uncompressedBytes; n++) {
                long size = nextSize();
                TarArchiveEntry entry = new TarArchiveEntry(String.format("data/d%05d/file%07d.txt", n / FILES_PER_DIRECTORY, n));
                entry.setSize(size);
                entry.setModTime(1_704_067_200_000L);
                tar.putArchiveEntry(entry);
                writeContent(tar, size);
                tar.closeArchiveEntry();
                tarBytes.addAndGet(512 + (size + 511) / 512 * 512);
                files.incrementAndGet();
            }
            tar.finish();
        }
    }

    /** Many tiny files and a tail of large ones, like a real layer; mean {@link #MEAN_FILE_BYTES}. */
    private long nextSize() {
        return random.nextInt(4) == 0 ? random.nextInt(4096) : random.nextLong(2L * MEAN_FILE_BYTES * 4 / 3);
    }

    private void writeContent(OutputStream out, long size) throws IOException {
        long left = size;
        while (left > 0) {
            int offset = random.nextInt(BLOCK_BYTES);
            int n = (int) Math.min(left, BLOCK_BYTES - offset);
            out.write(block, offset, n);
            left -= n;
        }
    }

    /** Words drawn from a small random vocabulary: compresses about 3:1 at level 1, like source text. */
    private static byte[] textBlock(SplittableRandom random) {
        String[] vocabulary = new String[4096];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder word = new StringBuilder();
            int length = 2 + random.nextInt(9);
            for (int j = 0; j < length; j++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            vocabulary[i] = word.toString();
        }
        byte[] block = new byte[BLOCK_BYTES];
        int position = 0;
        while (position < BLOCK_BYTES) {
            byte[] word = (vocabulary[random.nextInt(vocabulary.length)] + (random.nextInt(12) == 0 ? "\n" : " "))
                    .getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(word.length, BLOCK_BYTES - position);
            System.arraycopy(word, 0, block, position, n);
            position += n;
        }
        return block;
    }

    /** gzip at level 1: generating the layer must not be the bottleneck of what is measured. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
