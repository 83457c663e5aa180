package dev.sociindex.ztoc;

import dev.sociindex.ztoc.ZtocViolation.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The structural checks the snapshotter makes when it loads a zTOC (spec 5, items 4 and 6), run on our own output
 * before it is pushed: a zTOC that fails them would make the layer fall back to a normal pull. Checks that need the
 * layer's bytes (gzip header, span digests' values) are not made here.
 */
public final class ZtocValidator {
    private static final long TAR_BLOCK = 512;
    private static final Pattern SPAN_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private ZtocValidator() {
    }

    /** Every violation found, empty when the zTOC would be accepted. */
    public static List<ZtocViolation> validate(Ztoc ztoc) {
        return validate(ztoc, null);
    }

    /**
     * As {@link #validate(Ztoc)} for a gzip zTOC whose checkpoints blob is not in {@code ztoc} (it was spilled):
     * the checkpoints' positions are given instead.
     */
    public static List<ZtocViolation> validate(Ztoc ztoc, List<CheckpointPosition> gzipCheckpoints) {
        List<ZtocViolation> violations = new ArrayList<>();
        checkToc(ztoc.files(), violations);
        checkSpans(ztoc, gzipCheckpoints, violations);
        return violations;
    }

    /**
     * As {@code flatbufferToTOC}: sort by data offset, assume the first header at 0 and each next header at the
     * previous entry's data end rounded up to 512, using the stored size whatever the type. A header that would
     * start past its entry's data means the entries overlap.
     */
    private static void checkToc(List<FileMetadata> files, List<ZtocViolation> violations) {
        // offsets and sizes only: a large TOC held compactly is not turned back into objects all at once
        int count = files.size();
        long[] offsets = new long[count];
        long[] sizes = new long[count];
        boolean ascending = true;
        for (int i = 0; i < count; i++) {
            FileMetadata file = files.get(i);
            offsets[i] = file.uncompressedOffset();
            sizes[i] = file.uncompressedSize();
            ascending &= i == 0 || offsets[i - 1] <= offsets[i];
        }
        int[] order = ascending ? IntStream.range(0, count).toArray() : IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingLong(i -> offsets[i])).mapToInt(Integer::intValue).toArray();
        long nextHeader = 0;
        int previous = -1;
        for (int i : order) {
            if (offsets[i] < 0 || sizes[i] < 0 || offsets[i] > Long.MAX_VALUE - TAR_BLOCK - sizes[i]) {
                // Go would wrap around here and misplace every later header; nothing sensible follows.
                violations.add(new ZtocViolation(Check.TOC_ENTRY_OVERLAP, "entry '" + files.get(i).name() + "' has offset "
                        + offsets[i] + " and size " + sizes[i] + ", which no tar can hold"));
                return;
            }
            if (nextHeader > offsets[i]) {
                violations.add(new ZtocViolation(Check.TOC_ENTRY_OVERLAP, "entry '" + files.get(i).name()
                        + "' has its data at offset " + offsets[i] + " but the previous entry '"
                        + files.get(previous).name() + "' (offset " + offsets[previous] + ", size "
                        + sizes[previous] + ") puts its header at " + nextHeader));
            }
            nextHeader = alignToTarBlock(offsets[i] + sizes[i]);
            previous = i;
        }
    }

    private static long alignToTarBlock(long offset) {
        return (offset + TAR_BLOCK - 1) & -TAR_BLOCK;
    }

    /** What the span manager derives from the zinfo: its span count and, for gzip, each span's byte ranges. */
    private record ZinfoSpans(long maxSpanId, List<SpanRange> compressed, List<SpanRange> uncompressed) {
    }

    private static void checkSpans(Ztoc ztoc, List<CheckpointPosition> given, List<ZtocViolation> violations) {
        CompressionInfo info = ztoc.compressionInfo();
        ZinfoSpans zinfo;
        try {
            zinfo = switch (info.algorithm()) {
                case GZIP -> {
                    List<CheckpointPosition> checkpoints = given != null ? given
                            : GzipCheckpointsBlob.decode(info.checkpoints()).checkpoints().stream().map(CheckpointPosition::of).toList();
                    yield new ZinfoSpans(checkpoints.size() - 1,
                            gzipCompressedSpans(checkpoints, ztoc.compressedArchiveSize()),
                            gzipUncompressedSpans(checkpoints, ztoc.uncompressedArchiveSize()));
                }
                // Fixed spans of a positive size are monotonic by construction; no need to list them.
                case UNCOMPRESSED -> new ZinfoSpans(TarZinfo.decode(info.checkpoints()).maxSpanId(), List.of(), List.of());
            };
        } catch (ZtocFormatException e) {
            violations.add(new ZtocViolation(Check.ZINFO_UNREADABLE, e.getMessage()));
            return;
        }
        long zinfoMaxSpanId = zinfo.maxSpanId();
        if (info.maxSpanId() != zinfoMaxSpanId) {
            violations.add(new ZtocViolation(Check.MAX_SPAN_ID_MISMATCH, "max_span_id is " + info.maxSpanId()
                    + " but the " + info.algorithm() + " zinfo has " + (zinfoMaxSpanId + 1) + " spans"));
        }
        if (info.spanDigests().size() != (long) info.maxSpanId() + 1) {
            violations.add(new ZtocViolation(Check.SPAN_DIGEST_COUNT, info.spanDigests().size()
                    + " span digests for max_span_id " + info.maxSpanId()));
        }
        for (int i = 0; i < info.spanDigests().size(); i++) {
            if (!SPAN_DIGEST.matcher(info.spanDigests().get(i)).matches()) {
                violations.add(new ZtocViolation(Check.SPAN_DIGEST_FORMAT, "span " + i + " digest '"
                        + info.spanDigests().get(i) + "' is not sha256: and 64 lowercase hex digits"));
            }
        }
        checkMonotonic(zinfo.compressed(), zinfo.uncompressed(), violations);
    }

    /** Span i starts at checkpoint i (one byte earlier when it has bits); it ends where span i+1's {@code in} is. */
    private static List<SpanRange> gzipCompressedSpans(List<CheckpointPosition> checkpoints, long compressedSize) {
        List<SpanRange> spans = new ArrayList<>(checkpoints.size());
        for (int i = 0; i < checkpoints.size(); i++) {
            long end = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).in() : compressedSize;
            spans.add(new SpanRange(checkpoints.get(i).spanStart(), end));
        }
        return spans;
    }

    private static List<SpanRange> gzipUncompressedSpans(List<CheckpointPosition> checkpoints, long uncompressedSize) {
        List<SpanRange> spans = new ArrayList<>(checkpoints.size());
        for (int i = 0; i < checkpoints.size(); i++) {
            long end = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).out() : uncompressedSize;
            spans.add(new SpanRange(checkpoints.get(i).out(), end));
        }
        return spans;
    }

    /** As the span manager: every span but the last must be non-empty in both streams. */
    private static void checkMonotonic(List<SpanRange> compressed, List<SpanRange> uncompressed,
            List<ZtocViolation> violations) {
        for (int i = 0; i + 1 < compressed.size(); i++) {
            SpanRange c = compressed.get(i);
            SpanRange u = uncompressed.get(i);
            if (c.start() >= c.end() || u.start() >= u.end()) {
                violations.add(new ZtocViolation(Check.NON_MONOTONIC_SPANS, "span " + i + " covers compressed ["
                        + c.start() + ", " + c.end() + ") and uncompressed [" + u.start() + ", " + u.end() + ")"));
            }
        }
    }
}
