package dev.sociindex.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that shows every byte read through it to {@link #observe} and reports the end once. Skipping reads too,
 * so that nothing passes unobserved (the hashes below need every byte).
 */
abstract class ObservedInputStream extends FilterInputStream {
    private final byte[] scratch = new byte[1 << 16];

    ObservedInputStream(InputStream in) {
        super(in);
    }

    /** Called with each chunk as it is read. */
    protected abstract void observe(byte[] bytes, int offset, int length) throws IOException;

    /** Called when the underlying stream reports its end (possibly more than once). */
    protected void atEnd() throws IOException {
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            observe(b, off, n);
        } else if (n < 0) {
            atEnd();
        }
        return n;
    }

    @Override
    public final long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /** Reads whatever the consumer left unread, so that the observers see the whole stream. */
    final void drain() throws IOException {
        while (read(scratch, 0, scratch.length) >= 0) {
            // observe to the end
        }
    }
}
