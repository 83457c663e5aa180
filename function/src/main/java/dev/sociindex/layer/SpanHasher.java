package dev.sociindex.layer;

import dev.sociindex.oci.Digests;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Span digests of an uncompressed tar layer (spec 2.5): fixed spans of {@code spanSize} raw bytes, each hashed
 * as the bytes stream past.
 */
final class SpanHasher extends ObservedInputStream {
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
    protected void observe(byte[] bytes, int offset, int length) {
        size += length;
        int done = 0;
        while (done < length) {
            int take = (int) Math.min(length - done, spanSize - inCurrent);
            current.update(bytes, offset + done, take);
            inCurrent += take;
            done += take;
            if (inCurrent == spanSize) {
                digests.add(Digests.sha256(current));
                current = Digests.newSha256();
                inCurrent = 0;
            }
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
