package dev.sociindex.layer;

/**
 * Why a layer gets no zTOC, as a short stable code: metrics use it as a dimension value (free text would create a
 * metric per layer), and {@code convert --json} reports it beside the human-readable detail. Each reason carries the
 * one wording of its detail, so the same skip reads the same wherever it is decided.
 */
public enum SkipReason {
    /** Argument: the media type. */
    NOT_A_LAYER("not-a-layer", "not a layer media type: %s"),
    /** Arguments: the layer size, the minimum. */
    BELOW_MIN_SIZE("below-min-size", "smaller than the minimum layer size (%d < %d bytes)"),
    ZSTD("zstd", "zstd-compressed layer: SOCI indexes only gzip and uncompressed tar layers"),
    /** Argument: the media type. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "unsupported layer media type %s"),
    /** Argument: what the tar reader found. */
    UNSUPPORTED_TAR_ENTRY("unsupported-tar-entry", "%s"),
    /**
     * More tar entries than the indexer's bound ({@link ZtocBuilder#DEFAULT_MAX_ENTRIES}): memory stays bounded.
     * Argument: where the bound was passed.
     */
    TOO_MANY_ENTRIES("too-many-entries", "%s"),
    /**
     * The zTOC would break a rule the snapshotter checks (spec 1.5): skipping is always accepted. Argument: the
     * first violation.
     */
    SNAPSHOTTER_WOULD_REJECT("snapshotter-would-reject", "the snapshotter would reject this layer's zTOC: %s");

    private final String code;
    private final String detailFormat;

    SkipReason(String code, String detailFormat) {
        this.code = code;
        this.detailFormat = detailFormat;
    }

    public String code() {
        return code;
    }

    /** The detail for people, with the specifics this reason's wording takes (see each constant). */
    public String detail(Object... specifics) {
        return detailFormat.formatted(specifics);
    }

    /** This reason as the result of {@code layer}. */
    public LayerResult.Skipped skip(LayerDescriptor layer, Object... specifics) {
        return new LayerResult.Skipped(layer, this, detail(specifics));
    }
}
