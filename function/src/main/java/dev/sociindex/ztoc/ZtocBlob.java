package dev.sociindex.ztoc;

import dev.sociindex.bytes.ByteSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * A finished zTOC in its final byte layout, held as parts (the FlatBuffers tables in memory around the checkpoints
 * blob, which may be a spill file) so that it is digested and uploaded by streaming, never assembled in one array.
 * Closing deletes a spill file; digest and size stay known, which is all a converter keeps once the blob is pushed.
 */
public final class ZtocBlob implements ByteSource {
    private final ByteSource bytes;
    private final String digest;

    ZtocBlob(ByteSource bytes, String digest) {
        this.bytes = bytes;
        this.digest = digest;
    }

    /** {@code sha256:} digest of the bytes. */
    public String digest() {
        return digest;
    }

    @Override
    public long size() {
        return bytes.size();
    }

    @Override
    public InputStream open() throws IOException {
        return bytes.open();
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
