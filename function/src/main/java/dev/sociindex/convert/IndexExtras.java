package dev.sociindex.convert;

import dev.sociindex.cache.CachedZtoc;
import dev.sociindex.index.PrefetchArtifact;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.store.ImageStore;
import dev.sociindex.ztoc.TocListing;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reference CLI's extra options add to the SOCI indexes: which zTOC descriptors get
 * {@code com.amazon.soci.disable-xattrs} ({@code --optimizations xattr}) and each platform's prefetch artifacts.
 * Decided from the zTOC models only, never from the layers, so a cache hit changes nothing.
 */
final class IndexExtras {
    static final IndexExtras NONE = new IndexExtras(Set.of(), Map.of());

    private final Set<String> xattrsDisabled;
    private final Map<String, List<PrefetchArtifact>> prefetchByChild;

    private IndexExtras(Set<String> xattrsDisabled, Map<String, List<PrefetchArtifact>> prefetchByChild) {
        this.xattrsDisabled = xattrsDisabled;
        this.prefetchByChild = prefetchByChild;
    }

    static IndexExtras decide(SourceImage image, ImageStore source, Map<String, CachedZtoc> ztocs, ZtocModels models,
            Map<String, LayerResult> layerResults, ConvertOptions options, ProgressListener progress) throws IOException {
        Set<String> disabled = new HashSet<>();
        if (options.xattrOptimization()) {
            for (String layer : ztocs.keySet()) {
                if (TocListing.xattrsCanBeDisabled(models.of(layer))) {
                    disabled.add(layer);
                }
            }
        }
        Map<String, List<PrefetchArtifact>> prefetch = new HashMap<>();
        if (!options.prefetchPaths().isEmpty()) {
            PrefetchPlanner planner = new PrefetchPlanner(source, ztocs, models, layerResults, progress);
            for (SourceImage.Child child : image.children()) {
                if (child.selected()) {
                    prefetch.put(child.digest(), planner.plan(child.manifest().layerList(), child.platform().format(), options.prefetchPaths()));
                }
            }
        }
        return new IndexExtras(disabled, prefetch);
    }

    boolean disableXattrs(String layerDigest) {
        return xattrsDisabled.contains(layerDigest);
    }

    List<PrefetchArtifact> prefetch(String childDigest) {
        return prefetchByChild.getOrDefault(childDigest, List.of());
    }

    void pushPrefetch(ImageStore target) throws IOException {
        for (List<PrefetchArtifact> artifacts : prefetchByChild.values()) {
            for (PrefetchArtifact artifact : artifacts) {
                target.putBlob(artifact.descriptor().digest(), artifact.body());
            }
        }
    }
}
