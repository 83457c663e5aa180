package dev.sociindex.verify;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;

/** Small blobs (zTOCs, prefetch artifacts) read whole and checked against their descriptors. */
final class Blobs {
    /** Largest blob read into memory. */
    static final int MAX_IN_MEMORY = 256 << 20;

    private Blobs() {
    }

    static byte[] read(ImageStore store, Descriptor descriptor) throws IOException {
        if (descriptor.size() > MAX_IN_MEMORY) {
            throw new IOException("blob " + descriptor.digest() + " is " + descriptor.size() + " bytes, more than " + MAX_IN_MEMORY);
        }
        byte[] bytes;
        try (InputStream in = store.openBlob(descriptor.digest(), descriptor.size())) {
            bytes = in.readNBytes((int) descriptor.size() + 1);
        }
        if (bytes.length != descriptor.size() || !Digests.sha256(bytes).equals(descriptor.digest())) {
            throw new IOException("blob " + descriptor.digest() + " of " + store.description() + " does not match its descriptor ("
                    + bytes.length + " bytes, digest " + Digests.sha256(bytes) + ")");
        }
        return bytes;
    }
}
