package dev.sociindex.layer;

import dev.sociindex.ztoc.ZtocBlob;

/** What indexing one layer produced: a zTOC, or a reason why the layer gets none (a sparse index is valid). */
public sealed interface LayerResult {

    LayerDescriptor layer();

    /**
     * @param ztoc             the zTOC bytes, possibly backed by a spill file: whoever receives this result closes
     *                         {@code ztoc} once it is stored (digest and size stay known after that)
     * @param uncompressedSize bytes of the tar stream the zTOC describes
     * @param spans            number of spans (checkpoints)
     * @param files            number of TOC entries
     */
    record Indexed(LayerDescriptor layer, ZtocBlob ztoc, long uncompressedSize, int spans, int files)
            implements LayerResult {

        /** {@code sha256:} digest of the zTOC. */
        public String ztocDigest() {
            return ztoc.digest();
        }
    }

    /** @param detail what exactly ruled the layer out, for people */
    record Skipped(LayerDescriptor layer, SkipReason reason, String detail) implements LayerResult {
    }
}
