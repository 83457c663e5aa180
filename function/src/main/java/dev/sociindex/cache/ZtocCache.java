package dev.sociindex.cache;

import java.io.IOException;
import java.util.Optional;

/**
 * Remembers which zTOC was built for a layer, so that a layer shared by many images (a common base) is read and
 * indexed once. Entries are hints, never trusted blindly: the reader checks that the blob still exists.
 */
public interface ZtocCache {
    /** No cache: every lookup misses and nothing is recorded. */
    ZtocCache NONE = new ZtocCache() {
        @Override
        public Optional<CachedZtoc> find(ZtocKey key) {
            return Optional.empty();
        }

        @Override
        public boolean record(ZtocKey key, CachedZtoc entry, Optional<CachedZtoc> replacing) {
            return false;
        }
    };

    Optional<CachedZtoc> find(ZtocKey key) throws IOException;

    /**
     * Records {@code entry} if the current entry is still {@code replacing} (empty: if there is none), a
     * compare-and-set, so that two writers racing on one layer cannot overwrite a fresher entry with a staler one.
     *
     * @return whether the entry was written; false means another writer got there first (its entry is as good)
     */
    boolean record(ZtocKey key, CachedZtoc entry, Optional<CachedZtoc> replacing) throws IOException;
}
