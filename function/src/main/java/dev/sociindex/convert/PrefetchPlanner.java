package dev.sociindex.convert;

import dev.sociindex.cache.CachedZtoc;
import dev.sociindex.index.PrefetchArtifact;
import dev.sociindex.index.PrefetchArtifact.PrefetchSpan;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.store.ImageStore;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.SpanLayout;
import dev.sociindex.ztoc.TocListing;
import dev.sociindex.ztoc.TocPaths;
import dev.sociindex.ztoc.ZtocFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns prefetch paths into prefetch artifacts for one platform: each path is looked up from the topmost layer
 * down (whiteouts respected), and the layer that holds it contributes the spans of the file's bytes. A layer without
 * a zTOC is searched through its tar listing (it was small or otherwise skipped); a path found there, or found
 * nowhere, is an error naming the path and the platform, since no prefetch can help it. Layers whose tar cannot be
 * listed (zstd) are passed over with a message: a file shadowed there is at worst prefetched in vain.
 */
final class PrefetchPlanner {
    private final ImageStore source;
    private final Map<String, CachedZtoc> ztocs;
    private final ZtocModels models;
    private final Map<String, LayerResult> layerResults;
    private final ProgressListener progress;
    private final Map<String, Optional<TocListing>> listings = new HashMap<>();

    PrefetchPlanner(ImageStore source, Map<String, CachedZtoc> ztocs, ZtocModels models, Map<String, LayerResult> layerResults,
            ProgressListener progress) {
        this.source = source;
        this.ztocs = ztocs;
        this.models = models;
        this.layerResults = layerResults;
        this.progress = progress;
    }

    /** The artifacts of one platform, in image layer order. */
    List<PrefetchArtifact> plan(List<Descriptor> layers, String platform, List<String> paths) throws IOException {
        Map<String, List<PrefetchSpan>> spansByLayer = new LinkedHashMap<>();
        layers.forEach(l -> spansByLayer.putIfAbsent(l.digest(), new ArrayList<>()));
        for (String path : paths) {
            String key = TocPaths.key(path);
            Found found = find(layers, key, path, platform);
            FileMetadata data = dataEntry(found, key, path, platform);
            try {
                int[] range = SpanLayout.of(models.of(found.layer().digest())).spansFor(data.uncompressedOffset(), data.uncompressedSize());
                spansByLayer.get(found.layer().digest()).add(PrefetchSpan.of(range[0], range[1]));
            } catch (ZtocFormatException | IllegalArgumentException e) {
                throw new IllegalArgumentException("prefetch path " + path + " on " + platform + ": layer " + found.layer().digest()
                        + ": " + e.getMessage(), e);
            }
        }
        List<PrefetchArtifact> artifacts = new ArrayList<>();
        spansByLayer.forEach((layer, spans) -> {
            if (!spans.isEmpty()) {
                artifacts.add(PrefetchArtifact.merged(layer, spans));
            }
        });
        return artifacts;
    }

    private record Found(Descriptor layer, TocListing listing, FileMetadata entry) {
    }

    private Found find(List<Descriptor> layers, String key, String path, String platform) throws IOException {
        for (Descriptor layer : layers.reversed()) {
            boolean indexed = ztocs.containsKey(layer.digest());
            Optional<TocListing> listing = indexed ? Optional.of(TocListing.of(models.of(layer.digest()))) : skippedListing(layer);
            if (listing.isEmpty()) {
                continue;
            }
            Optional<FileMetadata> entry = listing.get().entry(key);
            if (entry.isPresent()) {
                if (!indexed) {
                    LayerResult.Skipped skipped = (LayerResult.Skipped) layerResults.get(layer.digest());
                    throw new IllegalArgumentException("prefetch path " + path + " on " + platform + " is in layer " + layer.digest()
                            + ", which got no zTOC (" + skipped.reason().code() + ": " + skipped.detail() + ")");
                }
                return new Found(layer, listing.get(), entry.get());
            }
            if (listing.get().hides(key)) {
                throw new IllegalArgumentException("prefetch path " + path + " on " + platform + " is deleted by a whiteout in layer "
                        + layer.digest());
            }
        }
        throw new IllegalArgumentException("prefetch path " + path + ": the image for " + platform + " does not hold it");
    }

    /** The entry whose bytes are the file's: itself, or the target of a hard link (in the same layer, as the snapshotter resolves it). */
    private static FileMetadata dataEntry(Found found, String key, String path, String platform) {
        FileMetadata entry = found.entry();
        if (entry.type().equals("hardlink")) {
            String target = TocPaths.key(entry.linkName());
            entry = found.listing().entry(target).orElseThrow(() -> new IllegalArgumentException("prefetch path " + path + " on "
                    + platform + " is a hard link to " + TocPaths.display(target) + ", which layer " + found.layer().digest() + " does not hold"));
        }
        if (!entry.type().equals("reg")) {
            throw new IllegalArgumentException("prefetch path " + path + " on " + platform + " is a " + entry.type()
                    + " in layer " + found.layer().digest() + ", not a regular file");
        }
        return entry;
    }

    private Optional<TocListing> skippedListing(Descriptor layer) throws IOException {
        if (!listings.containsKey(layer.digest())) {
            Optional<TocListing> listing = LayerListings.list(source, layer);
            if (listing.isEmpty()) {
                progress.message("prefetch: layer " + layer.digest() + " (" + layer.mediaType() + ") got no zTOC and cannot be listed; passed over");
            }
            listings.put(layer.digest(), listing);
        }
        return listings.get(layer.digest());
    }
}
