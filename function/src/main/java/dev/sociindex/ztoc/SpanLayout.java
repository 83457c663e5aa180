package dev.sociindex.ztoc;

import dev.sociindex.gzip.Checkpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each span of a zTOC lies in the layer blob (compressed bytes, the range its digest covers) and in the tar
 * stream (uncompressed bytes), as the snapshotter's span manager computes them: a gzip span runs from its
 * checkpoint (the partial byte included when the checkpoint is inside a byte) to the next checkpoint's byte; an
 * uncompressed layer's spans are fixed-size ranges of the tar itself.
 */
public final class SpanLayout {
    /** One span: compressed {@code [compressedStart, compressedEnd)}, uncompressed {@code [uncompressedStart, uncompressedEnd)}. */
    public record Span(int id, long compressedStart, long compressedEnd, long uncompressedStart, long uncompressedEnd) {
        public long compressedLength() {
            return compressedEnd - compressedStart;
        }
    }

    private final CompressionAlgorithm algorithm;
    private final List<Span> spans;
    private final List<Checkpoint> checkpoints;

    private SpanLayout(CompressionAlgorithm algorithm, List<Span> spans, List<Checkpoint> checkpoints) {
        this.algorithm = algorithm;
        this.spans = List.copyOf(spans);
        this.checkpoints = checkpoints;
    }

    public static SpanLayout of(Ztoc ztoc) throws ZtocFormatException {
        CompressionInfo info = ztoc.compressionInfo();
        List<Span> spans = new ArrayList<>();
        if (info.algorithm() == CompressionAlgorithm.GZIP) {
            List<Checkpoint> checkpoints = GzipCheckpointsBlob.decode(info.checkpoints()).checkpoints();
            for (int i = 0; i < checkpoints.size(); i++) {
                boolean last = i + 1 == checkpoints.size();
                Checkpoint here = checkpoints.get(i);
                spans.add(new Span(i, here.spanStart(), last ? ztoc.compressedArchiveSize() : checkpoints.get(i + 1).in(),
                        here.out(), last ? ztoc.uncompressedArchiveSize() : checkpoints.get(i + 1).out()));
            }
            return new SpanLayout(info.algorithm(), spans, checkpoints);
        }
        List<SpanRange> ranges = TarZinfo.decode(info.checkpoints()).spans();
        for (int i = 0; i < ranges.size(); i++) {
            SpanRange range = ranges.get(i);
            spans.add(new Span(i, range.start(), range.end(), range.start(), range.end()));
        }
        return new SpanLayout(info.algorithm(), spans, List.of());
    }

    public CompressionAlgorithm algorithm() {
        return algorithm;
    }

    public List<Span> spans() {
        return spans;
    }

    public Span span(int id) {
        return spans.get(id);
    }

    /** The checkpoint span {@code id} resumes from (gzip layers only). */
    public Checkpoint checkpoint(int id) {
        if (algorithm != CompressionAlgorithm.GZIP) {
            throw new IllegalStateException("an uncompressed layer has no checkpoints");
        }
        return checkpoints.get(id);
    }

    /**
     * The first and last span holding the bytes {@code [offset, offset + size)} of the tar stream; for an empty file,
     * the span its offset falls in.
     *
     * @throws IllegalArgumentException when the range lies outside the spans
     */
    public int[] spansFor(long offset, long size) {
        int first = spanAt(offset);
        int last = size == 0 ? first : spanAt(offset + size - 1);
        if (size > 0 && spans.get(last).uncompressedEnd() < offset + size) {
            throw new IllegalArgumentException("bytes " + offset + ".." + (offset + size) + " run past the last span, which ends at "
                    + spans.get(last).uncompressedEnd());
        }
        return new int[] {first, last};
    }

    /** The last span starting at or before {@code offset}. */
    private int spanAt(long offset) {
        if (spans.isEmpty() || offset < spans.get(0).uncompressedStart()) {
            throw new IllegalArgumentException("uncompressed offset " + offset + " is in no span (" + spans.size() + " spans)");
        }
        int low = 0;
        int high = spans.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (spans.get(mid).uncompressedStart() <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
