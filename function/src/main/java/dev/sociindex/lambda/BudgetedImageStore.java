package dev.sociindex.lambda;

import dev.sociindex.registry.ImageStore;
import dev.sociindex.registry.ManifestData;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ImageStore} that checks the {@link TimeBudget} before each blob it opens. Opening a blob is where the
 * converter starts reading a layer, the expensive unit of work, so this gives the converter a deadline check between
 * layers without a change to the {@code Converter} interface. Writes are not checked: once the layers are done the
 * remaining uploads are small, and stopping between them gains nothing.
 */
final class BudgetedImageStore implements ImageStore {
    private final ImageStore delegate;
    private final TimeBudget budget;

    BudgetedImageStore(ImageStore delegate, TimeBudget budget) {
        this.delegate = delegate;
        this.budget = budget;
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public Optional<ManifestData> getManifest(String reference) throws IOException {
        return delegate.getManifest(reference);
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        budget.check("opening blob " + digest + " of " + delegate.description());
        return delegate.openBlob(digest, expectedSize);
    }

    @Override
    public boolean blobExists(String digest) throws IOException {
        return delegate.blobExists(digest);
    }

    @Override
    public void putBlob(String digest, byte[] content) throws IOException {
        delegate.putBlob(digest, content);
    }

    @Override
    public void copyBlobFrom(ImageStore source, String digest, long size) throws IOException {
        delegate.copyBlobFrom(source, digest, size);
    }

    @Override
    public void putManifest(String reference, ManifestData manifest) throws IOException {
        delegate.putManifest(reference, manifest);
    }

    @Override
    public List<String> listTags() throws IOException {
        return delegate.listTags();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
