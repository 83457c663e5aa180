package dev.sociindex.layer;

/** What indexing one layer produced: a zTOC, or a reason why the layer gets none (a sparse index is valid). */
public sealed interface LayerResult {

    LayerDescriptor layer();

    /**
     * @param ztoc             the zTOC FlatBuffers bytes
     * @param ztocDigest       {@code sha256:} digest of {@code ztoc}
     * @param uncompressedSize bytes of the tar stream the zTOC describes
     * @param spans            number of spans (checkpoints)
     * @param files            number of TOC entries
     */
    record Indexed(LayerDescriptor layer, byte[] ztoc, String ztocDigest, long uncompressedSize, int spans, int files)
            implements LayerResult {
    }

    /** @param detail what exactly ruled the layer out, for people */
    record Skipped(LayerDescriptor layer, SkipReason reason, String detail) implements LayerResult {
    }
}
