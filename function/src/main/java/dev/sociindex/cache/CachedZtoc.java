package dev.sociindex.cache;

import dev.sociindex.oci.Digests;

/**
 * A zTOC that was built once and where its blob was pushed.
 *
 * @param store the store that holds the blob, in image-reference syntax without a tag ({@code host/repo},
 *              {@code oci:DIR}): what {@link dev.sociindex.store.ImageStore#description()} gives
 */
public record CachedZtoc(String ztocDigest, long ztocSize, String store) {
    public CachedZtoc {
        Digests.requireSha256(ztocDigest);
        if (ztocSize <= 0) {
            throw new IllegalArgumentException("zTOC size must be positive, was " + ztocSize);
        }
        if (store == null || store.isBlank()) {
            throw new IllegalArgumentException("a cached zTOC must name the store that holds it");
        }
    }
}
