package dev.sociindex.cache;

import dev.sociindex.store.ImageStore;
import dev.sociindex.registry.StoreLocator;
import java.io.IOException;

/** Opens the store a cache entry names (its {@link CachedZtoc#store()}), to check for and copy the zTOC blob. */
@FunctionalInterface
public interface StoreOpener {
    ImageStore open(String store) throws IOException;

    /** Through a locator, so that the credentials and plain-HTTP choice of the run apply to recorded stores too. */
    static StoreOpener of(StoreLocator locator) {
        // the locator wants a reference; only blobs are read, so any tag will do
        return store -> locator.open(store, false).store();
    }
}
