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
    /** Dimension {@link #DIMENSION_ERROR_TYPE}. */
    public static final String IMAGES_FAILED = "ImagesFailed";
    public static final String LAYERS_INDEXED = "LayersIndexed";
    /** Dimension {@link #DIMENSION_REASON}. */
    public static final String LAYERS_SKIPPED = "LayersSkipped";
    /** Compressed bytes read from the registry. */
    public static final String BYTES_PROCESSED = "BytesProcessed";
    public static final String INDEX_DURATION_MS = "IndexDurationMs";
    public static final String ZTOC_BYTES = "ZtocBytes";

    private MetricNames() {
    }
}
