package dev.sociindex.store;

import dev.sociindex.bytes.ByteSource;
import dev.sociindex.oci.ManifestData;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** An {@link ImageStore} that passes every call to another; subclasses override only what they add. */
public abstract class ForwardingImageStore implements ImageStore {
    private final ImageStore delegate;

    protected ForwardingImageStore(ImageStore delegate) {
        this.delegate = delegate;
    }

    protected final ImageStore delegate() {
        return delegate;
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
    public void putBlob(String digest, ByteSource content) throws IOException {
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
