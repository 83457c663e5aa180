package dev.sociindex.contract;

/** Default values shared by the stack (CDK context defaults) and the function (fallbacks when unset). */
public final class Defaults {
    /** SOCI's default span: 4 MiB of uncompressed data between checkpoints. */
    public static final long SPAN_SIZE = 1L << 22;
    /** Layers whose compressed size is below this get no zTOC (SOCI's default, 10 MiB). */
    public static final long MIN_LAYER_SIZE = 10L << 20;
    /** The output tag is the source tag plus this suffix. */
    public static final String OUTPUT_TAG_SUFFIX = "-soci";
    /** Every repository, every tag. */
    public static final String FILTERS = "*:*";
    /** Written into every zTOC and SOCI index; readers do not check it. */
    public static final String BUILD_TOOL_IDENTIFIER = "soci-index-builder v0.1";
    /** The {@code source} of the completion event put on EventBridge. */
    public static final String EVENT_SOURCE = "soci-index-builder";
    /** The {@code detail-type} of the completion event. */
    public static final String COMPLETION_DETAIL_TYPE = "SOCI Index Created";
    /**
     * The {@code detail-type} of a backfill request: one event per image, of source {@link #EVENT_SOURCE}, that the
     * stack's backfill rule routes to the indexer. Distinct from {@link #COMPLETION_DETAIL_TYPE}, so that completion
     * events never match that rule (no loop). Its detail names the image: {@code repository-name}, {@code image-tag}.
     */
    public static final String BACKFILL_DETAIL_TYPE = "SOCI Backfill Request";
    /**
     * Backfill requests put per second when no rate is given: at the default reserved concurrency of 5 this keeps the
     * indexer's queue short for images that take 5 s or less (already indexed or small); slower images need a lower rate.
     */
    public static final String BACKFILL_RATE = "1/s";

    /** zTOC cache entries expire this many days after they were recorded (the table's TTL attribute). */
    public static final int ZTOC_CACHE_TTL_DAYS = 90;

    private Defaults() {
    }
}
