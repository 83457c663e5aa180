package dev.sociindex.layer;

import dev.sociindex.bytes.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Span digests of an uncompressed tar layer (spec 2.5): fixed spans of {@code spanSize} raw bytes, each hashed
 * as the bytes stream past.
 */
final class SpanHasher extends FilterInputStream {
    private final long spanSize;
    private final List<String> digests = new ArrayList<>();
    private MessageDigest current = Digests.newSha256();
    private long inCurrent;
    private long size;

    SpanHasher(InputStream in, long spanSize) {
        super(in);
        this.spanSize = spanSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        size += Math.max(n, 0);
        int done = 0;
        while (done < n) {
            int take = (int) Math.min(n - done, spanSize - inCurrent);
            current.update(b, off + done, take);
            inCurrent += take;
            done += take;
            if (inCurrent == spanSize) {
                digests.add(Digests.sha256(current));
                current = Digests.newSha256();
                inCurrent = 0;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 65536)];
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

    void drain() throws IOException {
        byte[] scratch = new byte[65536];
        while (read(scratch, 0, scratch.length) >= 0) {
            // hash to the end
        }
    }

    /** Bytes read so far: the blob size once drained. */
    long size() {
        return size;
    }

    /** One digest per span, the last partial span included; an empty blob has no spans, as in the reference. */
    List<String> spanDigests() {
        List<String> all = new ArrayList<>(digests);
        if (inCurrent > 0) {
            all.add(Digests.sha256(current));
        }
        return all;
    }
}
