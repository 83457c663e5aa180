package dev.sociindex.layer;

import dev.sociindex.bytes.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes a blob while it streams and, when the stream ends, checks the digest and the length against the
 * descriptor. Reading past the declared size is an error at once, so a lying server cannot make us read forever.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final LayerDescriptor layer;
    private final MessageDigest sha256 = Digests.newSha256();
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, LayerDescriptor layer) {
        super(in);
        this.layer = layer;
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
        if (n > 0) {
            sha256.update(b, off, n);
            count += n;
            if (count > layer.size()) {
                throw new LayerDigestMismatchException(layer + ": the blob is longer than its descriptor's size");
            }
        } else if (n < 0) {
            verifyAtEnd();
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

    long bytesRead() {
        return count;
    }

    /** Reads whatever the consumer left unread, then checks the digest; idempotent. */
    void drainAndVerify() throws IOException {
        byte[] scratch = new byte[65536];
        while (read(scratch, 0, scratch.length) >= 0) {
            // keep hashing to the end
        }
    }

    private void verifyAtEnd() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (count != layer.size()) {
            throw new LayerDigestMismatchException(layer + ": the blob has " + count + " bytes, its descriptor says " + layer.size());
        }
        String actual = Digests.sha256(sha256);
        if (!actual.equals(layer.digest())) {
            throw new LayerDigestMismatchException(layer + ": the blob's digest is " + actual);
        }
    }
}
