package dev.sociindex.cli;

import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.GzipCheckpointsBlob;
import dev.sociindex.ztoc.TarZinfo;
import dev.sociindex.ztoc.Ztoc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON view of a zTOC that {@code ztoc info} prints: sizes, where each span starts (uncompressed and
 * compressed offsets of its checkpoint), and per file its offsets and the spans its data lies in.
 */
record ZtocInfo(
        String digest,
        String version,
        String buildTool,
        String compression,
        long compressedArchiveSize,
        long uncompressedArchiveSize,
        int spanCount,
        List<Span> spans,
        List<File> files) {

    /** Span {@code id} starts at these offsets of the uncompressed tar and of the compressed layer (the first byte a reader fetches). */
    record Span(int id, long uncompressedOffset, long compressedOffset) {
    }

    record File(String name, String type, long offset, long size, String linkName, int startSpan, int endSpan) {
    }

    static ZtocInfo of(Ztoc ztoc, String digest) throws IOException {
        List<Span> spans = spans(ztoc);
        long[] spanStarts = spans.stream().mapToLong(Span::uncompressedOffset).toArray();
        List<File> files = new ArrayList<>();
        for (FileMetadata m : ztoc.files()) {
            long last = m.uncompressedOffset() + Math.max(0, m.uncompressedSize() - 1);
            boolean hasData = m.type().equals("reg") && m.uncompressedSize() > 0;
            int start = spanOf(spanStarts, m.uncompressedOffset());
            files.add(new File(m.name().toString(), m.type(), m.uncompressedOffset(), m.uncompressedSize(),
                    m.linkName().isEmpty() ? null : m.linkName().toString(), start, hasData ? spanOf(spanStarts, last) : start));
        }
        return new ZtocInfo(digest, ztoc.version(), ztoc.buildToolIdentifier(),
                ztoc.compressionInfo().algorithm() == CompressionAlgorithm.GZIP ? "gzip" : "uncompressed",
                ztoc.compressedArchiveSize(), ztoc.uncompressedArchiveSize(), ztoc.compressionInfo().maxSpanId() + 1, spans, files);
    }

    /** Where each span starts: at a gzip checkpoint, or every span size bytes of an uncompressed layer. */
    private static List<Span> spans(Ztoc ztoc) throws IOException {
        List<Span> spans = new ArrayList<>();
        if (ztoc.compressionInfo().algorithm() == CompressionAlgorithm.GZIP) {
            List<Checkpoint> checkpoints = GzipCheckpointsBlob.decode(ztoc.compressionInfo().checkpoints()).checkpoints();
            for (Checkpoint checkpoint : checkpoints) {
                spans.add(new Span(spans.size(), checkpoint.out(), checkpoint.spanStart()));
            }
        } else {
            long span = TarZinfo.decode(ztoc.compressionInfo().checkpoints()).spanSize();
            for (int i = 0; i <= ztoc.compressionInfo().maxSpanId(); i++) {
                spans.add(new Span(i, i * span, i * span));
            }
        }
        return spans;
    }

    /** The largest span whose start is at or before the offset, as the snapshotter looks it up. */
    private static int spanOf(long[] starts, long offset) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
