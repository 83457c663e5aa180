package dev.sociindex.ztoc;

import java.util.List;

/**
 * FlatBuffers table {@code ztoc.CompressionInfo}.
 *
 * @param checkpoints the gzip checkpoints blob (spec 2.2) or, for uncompressed layers, a TarZinfo flatbuffer (2.5)
 * @param spanDigests "sha256:&lt;hex&gt;" per span, {@code maxSpanId + 1} of them
 */
public record CompressionInfo(CompressionAlgorithm algorithm, int maxSpanId, List<String> spanDigests, byte[] checkpoints) {
    public CompressionInfo {
        spanDigests = List.copyOf(spanDigests);
    }
}
