package dev.sociindex.cache;

import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reuses zTOCs of layers indexed before: a cache hit makes the recorded blob available in the target (nothing to do
 * when it is there already, a cross-repository mount within one registry, else a copy from the recorded store) and
 * the layer is not read at all. The cache only ever saves work: an entry whose blob is gone, a store that cannot be
 * reached or a cache that fails are all treated as misses, the layer is indexed as usual, and the fresh zTOC replaces
 * the entry (which is how a stale entry heals).
 */
public final class ZtocReuse {
    /** No reuse: every layer is indexed. */
    public static final ZtocReuse DISABLED = new ZtocReuse(ZtocCache.NONE, store -> {
        throw new IOException("no zTOC cache is configured");
    });

    private final ZtocCache cache;
    private final StoreOpener stores;

    public ZtocReuse(ZtocCache cache, StoreOpener stores) {
        this.cache = cache;
        this.stores = stores;
    }

    /** The same cache, with the stores its entries name opened by {@code recordedStores}. */
    public ZtocReuse withStores(StoreOpener recordedStores) {
        return new ZtocReuse(cache, recordedStores);
    }

    /** The reuse state of one conversion into {@code target}. */
    public Session session(ImageStore target, long spanSize, String buildToolIdentifier, Consumer<String> progress) {
        return new Session(target, spanSize, buildToolIdentifier, progress);
    }

    /** One conversion looks up from one thread; {@link #recordBuilt} may be called from the layers' threads. */
    public final class Session {
        private final ImageStore target;
        private final long spanSize;
        private final String buildToolIdentifier;
        private final Consumer<String> progress;
        /** Entries found but not usable, by layer digest: the fresh zTOC replaces exactly these. */
        private final Map<String, CachedZtoc> unusable = new HashMap<>();

        private Session(ImageStore target, long spanSize, String buildToolIdentifier, Consumer<String> progress) {
            this.target = target;
            this.spanSize = spanSize;
            this.buildToolIdentifier = buildToolIdentifier;
            this.progress = progress;
        }

        /** The layers whose zTOC is now in the target, by layer digest, with the zTOC's digest and size. */
        public Map<String, CachedZtoc> reuse(Collection<LayerDescriptor> layers) {
            Map<String, CachedZtoc> reused = new LinkedHashMap<>();
            for (LayerDescriptor layer : layers) {
                reuseOne(layer).ifPresent(ztoc -> reused.put(layer.digest(), ztoc));
            }
            return reused;
        }

        private Optional<CachedZtoc> reuseOne(LayerDescriptor layer) {
            ZtocKey key = key(layer.digest());
            Optional<CachedZtoc> entry;
            try {
                entry = cache.find(key);
            } catch (IOException e) {
                progress.accept("zTOC cache lookup failed for " + layer.digest() + ", indexing the layer: " + e.getMessage());
                return Optional.empty();
            }
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            CachedZtoc cached = entry.get();
            try {
                if (makeAvailable(cached)) {
                    progress.accept("reused zTOC " + cached.ztocDigest() + " of " + layer.digest() + " (recorded in "
                            + cached.store() + ")");
                    return Optional.of(new CachedZtoc(cached.ztocDigest(), cached.ztocSize(), target.description()));
                }
                progress.accept("zTOC cache entry of " + layer.digest() + " is stale (" + cached.ztocDigest()
                        + " is gone from " + cached.store() + "), indexing the layer");
            } catch (IOException e) {
                progress.accept("zTOC " + cached.ztocDigest() + " of " + layer.digest() + " could not be taken from "
                        + cached.store() + ", indexing the layer: " + e.getMessage());
            }
            unusable.put(layer.digest(), cached);
            return Optional.empty();
        }

        /** Whether the blob is now in the target; false when the recorded store no longer has it. */
        private boolean makeAvailable(CachedZtoc cached) throws IOException {
            if (target.blobExists(cached.ztocDigest())) {
                return true;
            }
            if (cached.store().equals(target.description())) {
                return false;
            }
            try (ImageStore recorded = stores.open(cached.store())) {
                if (!recorded.blobExists(cached.ztocDigest())) {
                    return false;
                }
                target.copyBlobFrom(recorded, cached.ztocDigest(), cached.ztocSize());
                return true;
            } catch (BlobNotFoundException e) {
                return false; // deleted between the check and the copy
            }
        }

        /**
         * Records a zTOC built (and pushed to the target) by this conversion, as soon as it is pushed, so that a
         * later attempt of a conversion cut short reuses it. A failure to record is reported and otherwise ignored:
         * the conversion goes on. Serialised: layers finish on their own threads.
         */
        public synchronized void recordBuilt(String layerDigest, CachedZtoc built) {
            try {
                cache.record(key(layerDigest), built, Optional.ofNullable(unusable.get(layerDigest)));
            } catch (IOException e) {
                progress.accept("zTOC of " + layerDigest + " not recorded in the cache: " + e.getMessage());
            }
        }

        private ZtocKey key(String layerDigest) {
            return new ZtocKey(layerDigest, spanSize, buildToolIdentifier);
        }
    }
}
