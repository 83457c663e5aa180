package dev.sociindex.cache;

import dev.sociindex.index.SociIndexManifest;
import dev.sociindex.registry.ImageStore;
import dev.sociindex.registry.ManifestData;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A registry repository as {@link dev.sociindex.verify.ImageVerifier} needs it. The verifier looks every digest up
 * as a manifest first, and docker-registry 2.8 answers a manifest GET of the SOCI index's {@code {}} config blob with
 * 500 ("unrecognized manifest schema version 0") instead of 404; this store answers "no such manifest" for that one
 * digest, which is the truth, and passes everything else through.
 */
record ConfigBlobIsNoManifest(ImageStore store) implements ImageStore {
    @Override
    public String description() {
        return store.description();
    }

    @Override
    public Optional<ManifestData> getManifest(String reference) throws IOException {
        return reference.equals(SociIndexManifest.CONFIG_DIGEST) ? Optional.empty() : store.getManifest(reference);
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        return store.openBlob(digest, expectedSize);
    }

    @Override
    public boolean blobExists(String digest) throws IOException {
        return store.blobExists(digest);
    }

    @Override
    public void putBlob(String digest, byte[] content) {
        throw new UnsupportedOperationException("verification only reads");
    }

    @Override
    public void copyBlobFrom(ImageStore source, String digest, long size) {
        throw new UnsupportedOperationException("verification only reads");
    }

    @Override
    public void putManifest(String reference, ManifestData manifest) {
        throw new UnsupportedOperationException("verification only reads");
    }

    @Override
    public List<String> listTags() throws IOException {
        return store.listTags();
    }
}
