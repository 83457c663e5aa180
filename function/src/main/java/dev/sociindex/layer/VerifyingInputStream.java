package dev.sociindex.layer;

import dev.sociindex.oci.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes a blob while it streams and, when the stream ends, checks the digest and the length against the
 * descriptor. Reading past the declared size is an error at once, so a lying server cannot make us read forever.
 * A descriptor without a digest ({@link LayerDescriptor#unverified}) has only its length checked, and no hashing.
 */
final class VerifyingInputStream extends ObservedInputStream {
    private final LayerDescriptor layer;
    /** Null when there is no digest to check. */
    private final MessageDigest sha256;
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, LayerDescriptor layer) {
        super(in);
        this.layer = layer;
        this.sha256 = layer.hasDigest() ? Digests.newSha256() : null;
    }

    @Override
    protected void observe(byte[] bytes, int offset, int length) throws IOException {
        if (sha256 != null) {
            sha256.update(bytes, offset, length);
        }
        count += length;
        if (count > layer.size()) {
            throw new LayerDigestMismatchException(layer + ": the blob is longer than its descriptor's size");
        }
    }

    @Override
    protected void atEnd() throws IOException {
        if (verified) {
            return;
        }
        verified = true;
        if (count != layer.size()) {
            throw new LayerDigestMismatchException(layer + ": the blob has " + count + " bytes, its descriptor says " + layer.size());
        }
        if (sha256 == null) {
            return;
        }
        String actual = Digests.sha256(sha256);
        if (!actual.equals(layer.digest())) {
            throw new LayerDigestMismatchException(layer + ": the blob's digest is " + actual);
        }
    }
}
