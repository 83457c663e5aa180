package dev.sociindex.layer;

/**
 * Why a layer gets no zTOC, as a short stable code: metrics use it as a dimension value (free text would create a
 * metric per layer), and {@code convert --json} reports it beside the human-readable detail.
 */
public enum SkipReason {
    NOT_A_LAYER("not-a-layer"),
    BELOW_MIN_SIZE("below-min-size"),
    ZSTD("zstd"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    UNSUPPORTED_TAR_ENTRY("unsupported-tar-entry"),
    /** More tar entries than the indexer's bound ({@link ZtocBuilder#DEFAULT_MAX_ENTRIES}): memory stays bounded. */
    TOO_MANY_ENTRIES("too-many-entries"),
    /** The zTOC would break a rule the snapshotter checks (spec 1.5): skipping is always accepted. */
    SNAPSHOTTER_WOULD_REJECT("snapshotter-would-reject");

    private final String code;

    SkipReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
