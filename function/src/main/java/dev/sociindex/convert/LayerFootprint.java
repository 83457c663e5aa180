package dev.sociindex.convert;

import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.gzip.ParallelDecoding;

/**
 * The heap one layer is expected to need while it is indexed, estimated before a byte of it is read, from its
 * compressed size and the spill threshold:
 *
 * <pre>
 *   16 MiB                                   read-ahead (4 x 1 MiB), span hashing batches (5 x 1 MiB), inflater
 *                                            window and output buffer, tar reader, zTOC tables: fixed per layer
 * + min(threshold, 32 KiB x (4 x compressed / span + 1))   windows held before they spill (gzip expands ~4x)
 * + compressed / 16                          the TOC: ~500 bytes per file (model and tables) at one file per
 *                                            32 KiB of uncompressed tar
 * + the parallel decoder's chunks in flight  for a layer it decodes ({@link ParallelDecoding#heapBytes})
 * </pre>
 *
 * A layer past the threshold costs at most {@code 16 MiB + threshold + compressed / 16}: flat in its size but for
 * its TOC. The estimate errs high for layers of big files and low for layers of tiny ones (the TOC bound of
 * 4,000,000 entries caps those at about 2 GB of TOC, well above any budget).
 */
record LayerFootprint(long bytes) {
    static final long FIXED_BYTES = 16L << 20;
    static final int EXPANSION = 4;
    static final int COMPRESSED_BYTES_PER_TOC_BYTE = 16;

    static LayerFootprint estimate(long compressedSize, long spanSize, long spillThreshold) {
        long uncompressed = saturatingMultiply(Math.max(0, compressedSize), EXPANSION);
        long windows = saturatingMultiply(uncompressed / spanSize + 1, Checkpoint.WINDOW_SIZE);
        long held = Math.min(spillThreshold, windows);
        return new LayerFootprint(FIXED_BYTES + held + Math.max(0, compressedSize) / COMPRESSED_BYTES_PER_TOC_BYTE
                + ParallelDecoding.defaults().heapBytes(compressedSize));
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }
}
