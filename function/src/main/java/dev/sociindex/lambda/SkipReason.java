package dev.sociindex.lambda;

/**
 * Why a push was not indexed. The label is the {@code Reason} dimension of the {@code ImagesSkipped} metric, so the
 * set is small and fixed.
 */
public enum SkipReason {
    /** A delete, a failed push, a storage-class change: nothing to index. */
    NOT_PUSH_SUCCESS("not-push-success"),
    /** Child manifests of an index and our own intermediate manifests arrive untagged. */
    UNTAGGED("untagged"),
    /** The tag carries the output suffix: it is one of our own outputs (loop guard). */
    OUTPUT_TAG("output-tag"),
    /** The repository/tag pair matches none of the configured filters. */
    FILTER_MISMATCH("filter-mismatch"),
    /** An artifact that is not a container image (e.g. a Helm chart or a signature). */
    NOT_AN_IMAGE("not-an-image"),
    /** The output tag already holds an index built from this very digest. */
    ALREADY_INDEXED("already-indexed"),
    /** The converter found nothing to index (e.g. every layer below the minimum size). */
    NOTHING_TO_INDEX("nothing-to-index");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
