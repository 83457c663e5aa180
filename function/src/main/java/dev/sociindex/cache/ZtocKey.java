package dev.sociindex.cache;

import dev.sociindex.oci.Digests;

/**
 * What a zTOC is a function of: the layer's bytes (its digest), the span size and the build tool identifier written
 * into it. Our builder is deterministic, so two builds with the same key give the same zTOC digest.
 */
public record ZtocKey(String layerDigest, long spanSize, String buildToolIdentifier) {
    public ZtocKey {
        Digests.requireSha256(layerDigest);
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        if (buildToolIdentifier == null || buildToolIdentifier.isEmpty()) {
            throw new IllegalArgumentException("the build tool identifier of a cache key must not be empty");
        }
    }

    /** One string for stores with a single key attribute; '|' cannot occur in a digest or a number. */
    public String id() {
        return layerDigest + "|" + spanSize + "|" + buildToolIdentifier;
    }
}
