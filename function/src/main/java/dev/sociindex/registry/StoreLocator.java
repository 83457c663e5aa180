package dev.sociindex.registry;

import dev.sociindex.store.ImageStore;
import dev.sociindex.store.OciArchiveStore;
import dev.sociindex.store.OciLayoutStore;

import dev.sociindex.oci.ImageReference;

import java.io.IOException;

/** Opens the store an {@link ImageReference} names: a registry repository, an OCI layout or an OCI archive. */
public final class StoreLocator {
    private final CredentialsProvider credentials;
    private final RegistrySettings settings;
    private final boolean forcePlainHttp;

    /** An opened store and the reference (tag or digest) within it; closing closes the store. */
    public record LocatedImage(ImageStore store, String reference) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            store.close();
        }
    }

    /**
     * @param forcePlainHttp speak {@code http://} to registries that are not on loopback (loopback always is)
     */
    public StoreLocator(CredentialsProvider credentials, RegistrySettings settings, boolean forcePlainHttp) {
        this.credentials = credentials;
        this.settings = settings;
        this.forcePlainHttp = forcePlainHttp;
    }

    /**
     * Parses and opens {@code text}. With {@code createIfMissing} (a destination), a missing layout folder or archive
     * is created; otherwise it must exist.
     */
    public LocatedImage open(String text, boolean createIfMissing) throws IOException {
        return open(ImageReference.parse(text, forcePlainHttp), createIfMissing);
    }

    public LocatedImage open(ImageReference image, boolean createIfMissing) throws IOException {
        ImageStore store = switch (image.location()) {
            case ImageReference.RegistryLocation r ->
                    RegistryImageStore.connect(r.endpoint(), r.repository(), credentials, settings);
            case ImageReference.LayoutLocation l ->
                    createIfMissing ? OciLayoutStore.openOrCreate(l.directory()) : OciLayoutStore.open(l.directory());
            case ImageReference.ArchiveLocation a ->
                    createIfMissing ? OciArchiveStore.openOrCreate(a.file()) : OciArchiveStore.open(a.file());
        };
        return new LocatedImage(store, image.reference());
    }
}
