package dev.sociindex.tar;

import dev.sociindex.bytes.ExactSkip;
import java.io.IOException;
import java.io.InputStream;

/**
 * The uncompressed stream with a byte counter. Short reads only ever mean end of stream, so callers can tell a
 * clean end from a truncation by the count they get back.
 */
final class CountingInput {
    private static final int SKIP_BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final byte[] skipBuffer = new byte[SKIP_BUFFER_SIZE];
    private long position;

    CountingInput(InputStream in) {
        this.in = in;
    }

    long position() {
        return position;
    }

    /** Reads until {@code length} bytes or end of stream; returns the number read. */
    int readFully(byte[] target, int offset, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(target, offset + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
            position += n;
        }
        return total;
    }

    /**
     * Discards up to {@code length} bytes; returns the number discarded (less only at end of stream). A stream
     * that declares {@link ExactSkip} skips without copying; any other is read through a reusable buffer, since
     * plain {@code skip} may stop early or run past the end.
     */
    long discard(long length) throws IOException {
        if (in instanceof ExactSkip) {
            long skipped = in.skip(length);
            position += skipped;
            return skipped;
        }
        long remaining = length;
        while (remaining > 0) {
            int n = readFully(skipBuffer, 0, (int) Math.min(remaining, skipBuffer.length));
            remaining -= n;
            if (n == 0) {
                break;
            }
        }
        return length - remaining;
    }
}
