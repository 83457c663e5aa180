package dev.sociindex.contract;

/** Names of the environment variables the stack sets and the function reads. */
public final class ConfigKeys {
    /** Comma-separated {@code repository:tag} globs; see {@link ImageFilters}. */
    public static final String FILTERS = "SOCI_FILTERS";
    public static final String OUTPUT_TAG_SUFFIX = "SOCI_OUTPUT_TAG_SUFFIX";
    public static final String SPAN_SIZE = "SOCI_SPAN_SIZE";
    public static final String MIN_LAYER_SIZE = "SOCI_MIN_LAYER_SIZE";
    /** Layers converted at once inside one invocation. */
    public static final String LAYER_PARALLELISM = "SOCI_LAYER_PARALLELISM";
    /** URL of the SQS queue that receives permanent failures. */
    public static final String DLQ_URL = "SOCI_DLQ_URL";
    /** Name of the EventBridge bus that receives completion events; empty disables them. */
    public static final String EVENT_BUS_NAME = "SOCI_EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "SOCI_EVENT_SOURCE";
    /** Name of the bus the backfill entry puts its requests on: the bus whose backfill rule targets the indexer. */
    public static final String BACKFILL_EVENT_BUS_NAME = "SOCI_BACKFILL_EVENT_BUS_NAME";
    /** Seconds of invocation time kept in reserve: no new work starts below it. */
    public static final String TIME_BUDGET_MARGIN_SECONDS = "SOCI_TIME_BUDGET_MARGIN_SECONDS";
    /** Registry endpoint override (tests, local runs); normally derived from the event. */
    public static final String REGISTRY_ENDPOINT = "SOCI_REGISTRY_ENDPOINT";
    /**
     * Directory reserved for spilling checkpoints of very large layers (the Lambda's ephemeral storage). The stack
     * sets it; the engine of this version keeps checkpoints in memory and does not read it yet.
     */
    public static final String SPILL_DIRECTORY = "SOCI_SPILL_DIRECTORY";

    /**
     * Threads that decode one large gzip layer in parallel ({@code cores}: one per vCPU; unset or 0: the sequential
     * decoder only, the default); not set by the stack.
     */
    public static final String DECODE_THREADS = "SOCI_DECODE_THREADS";

    /** DynamoDB table of the zTOC cache (layer digest, span size, build tool to zTOC); empty: no cache. */
    public static final String ZTOC_CACHE_TABLE = "SOCI_ZTOC_CACHE_TABLE";
    /** {@code account=roleArn,...}: the role assumed to reach the registry of each forwarding account. */
    public static final String SOURCE_ACCOUNT_ROLES = "SOCI_SOURCE_ACCOUNT_ROLES";

    private ConfigKeys() {
    }
    /** {@code xattr} turns on the reference's {@code --optimizations xattr}; empty: none. */
    public static final String OPTIMIZATIONS = "SOCI_OPTIMIZATIONS";
    /** Prefetch paths per repository filter, in {@link PrefetchRules} syntax; empty: no prefetch artifacts. */
    public static final String PREFETCH_PATHS = "SOCI_PREFETCH_PATHS";
    /** {@code true}: tag {@code <tag>-soci} with the unchanged image even when no layer qualifies. */
    public static final String TAG_WHEN_EMPTY = "SOCI_TAG_WHEN_EMPTY";
    /** {@code true}: an ECR DELETE of a source tag untags its {@code <tag>-soci} when that holds our output for it. */
    public static final String UNTAG_ON_DELETE = "SOCI_UNTAG_ON_DELETE";
}
