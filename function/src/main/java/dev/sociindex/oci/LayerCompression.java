package dev.sociindex.oci;

/** How a layer blob is compressed, as far as building a zTOC is concerned (spec 2.1). */
public enum LayerCompression {
    /** Gzip zinfo: checkpoints at deflate block boundaries. */
    GZIP,
    /** Read as a plain tar with fixed-size spans (tar zinfo). */
    UNCOMPRESSED,
    /** SOCI has no zstd zinfo: the layer is skipped. */
    ZSTD,
    /** Encrypted or otherwise wrapped: the layer is skipped. */
    UNSUPPORTED
}
