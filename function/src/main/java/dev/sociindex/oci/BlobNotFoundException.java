package dev.sociindex.oci;

import java.io.IOException;

/** A blob that a manifest references is not in the store. Permanent: retrying does not help. */
public class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String store, String digest) {
        super("blob " + digest + " not found in " + store);
    }
}
