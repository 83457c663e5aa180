package dev.sociindex.verify;

import dev.sociindex.index.PrefetchArtifact.PrefetchSpan;
import java.util.List;

/**
 * What {@code inspect} found in an image: per platform its manifests and SOCI index, per layer its zTOC.
 *
 * @param noSociIndex our {@code dev.sociindex.no-soci-index} annotation (a {@code --tag-when-empty} output), or null
 */
public record Inspection(String image, String digest, String mediaType, String noSociIndex, List<PlatformEntry> platforms) {
    public Inspection {
        platforms = List.copyOf(platforms);
    }

    /**
     * @param manifestDigest  the image manifest
     * @param sociIndexDigest its SOCI index (from {@code com.amazon.soci.index-digest}), null when it has none
     */
    public record PlatformEntry(String platform, String manifestDigest, String sociIndexDigest, List<LayerEntry> layers) {
        public PlatformEntry {
            layers = List.copyOf(layers);
        }
    }

    /**
     * One layer; the zTOC fields are null/0 when it has no zTOC.
     *
     * @param disableXattrs   the zTOC descriptor carries {@code com.amazon.soci.disable-xattrs: "true"}
     * @param prefetchDigest  digest of the layer's prefetch artifact, or null
     * @param prefetchSpans   its span ranges
     */
    public record LayerEntry(String digest, long size, String mediaType, String ztocDigest, long ztocSize, int spans, int files,
            long spanSize, boolean disableXattrs, String prefetchDigest, List<PrefetchSpan> prefetchSpans) {
        public LayerEntry {
            prefetchSpans = List.copyOf(prefetchSpans);
        }
    }
}
