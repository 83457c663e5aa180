package dev.sociindex.ztoc;

/** One reason the snapshotter would reject a zTOC (spec 5), with a message naming the entry or span at fault. */
public record ZtocViolation(Check check, String detail) {

    public enum Check {
        /** An entry's recomputed tar header offset lies past its data offset ({@code ErrInvalidTOCEntry}). */
        TOC_ENTRY_OVERLAP,
        /** The checkpoints field does not parse as the algorithm's zinfo. */
        ZINFO_UNREADABLE,
        /** {@code max_span_id} differs from the zinfo's span count - 1. */
        MAX_SPAN_ID_MISMATCH,
        /** The number of span digests differs from {@code max_span_id + 1}. */
        SPAN_DIGEST_COUNT,
        /** A span digest is not {@code sha256:} and 64 lowercase hex digits, so span verification cannot pass. */
        SPAN_DIGEST_FORMAT,
        /** A span before the last is empty or reversed in compressed or uncompressed bytes. */
        NON_MONOTONIC_SPANS
    }

    @Override
    public String toString() {
        return check + ": " + detail;
    }
}
