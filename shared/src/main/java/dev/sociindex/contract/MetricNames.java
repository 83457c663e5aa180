package dev.sociindex.contract;

/**
 * The CloudWatch metrics the function emits (EMF) and the stack's dashboard and alarms read. Both sides take
 * the names from here so that they cannot drift apart. Dimension sets are small and fixed: every metric has
 * {@code Service}, and the reason/error metrics add exactly one more dimension.
 */
public final class MetricNames {
    public static final String NAMESPACE = "SociIndexBuilder";
    public static final String SERVICE = "soci-index-builder";

    public static final String DIMENSION_SERVICE = "Service";
    public static final String DIMENSION_REASON = "Reason";
    public static final String DIMENSION_ERROR_TYPE = "ErrorType";

    public static final String IMAGES_INDEXED = "ImagesIndexed";
    /** Dimension {@link #DIMENSION_REASON}. */
    public static final String IMAGES_SKIPPED = "ImagesSkipped";
    /**
     * Images that failed for good: recorded in the dead-letter queue, never retried. Dimension
     * {@link #DIMENSION_ERROR_TYPE}. Every count is an image that needs a person, so an alarm may use it directly.
     */
    public static final String IMAGES_FAILED = "ImagesFailed";
    /**
     * Attempts that failed in a way worth retrying (network, registry 5xx/429, time budget); Lambda retries the
     * event. Dimension {@link #DIMENSION_ERROR_TYPE}. Not an image lost: one that exhausts its retries reaches the
     * dead-letter queue through the on-failure destination (and shows in the Lambda {@code Errors} metric).
     */
    public static final String TRANSIENT_FAILURES = "TransientFailures";
    public static final String LAYERS_INDEXED = "LayersIndexed";
    /** Dimension {@link #DIMENSION_REASON}. */
    public static final String LAYERS_SKIPPED = "LayersSkipped";
    /** Compressed bytes read from the registry. */
    public static final String BYTES_PROCESSED = "BytesProcessed";
    public static final String INDEX_DURATION_MS = "IndexDurationMs";
    public static final String ZTOC_BYTES = "ZtocBytes";
    /**
     * Completion events that could not be put on the bus although the index was written and tagged: subscribers
     * missed an image. Not retried (the conversion has nothing left to do), so the stack alarms on any count.
     */
    public static final String COMPLETION_EVENTS_FAILED = "CompletionEventsFailed";

    private MetricNames() {
    }
}
