package dev.sociindex.infra;

import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.OutputTags;
import dev.sociindex.contract.PrefetchRules;
import dev.sociindex.contract.SourceAccountRoles;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything an operator can choose about the deployed indexer, validated as a whole. The component names are
 * the CDK context keys (see {@link ContextSettings}), so an error message names the key to fix.
 *
 * @param ephemeralStorageSize MiB of {@code /tmp}: reserved as spill space for the checkpoints and zTOC of very large layers
 * @param reservedConcurrency  empty: the function draws on the account's unreserved pool
 * @param completionEventBus   name of the bus for completion events; empty: no completion events
 * @param asyncRetryAttempts   Lambda's own retries of a failed asynchronous invocation
 * @param maxEventAgeHours     how long an event may wait for delivery (rule target) and for a retry (Lambda)
 * @param deliveryRetryAttempts EventBridge's retries when the invoke itself fails (throttling of the Invoke API)
 * @param sourceAccountRoles   other accounts that forward their ECR events here, and the role to assume in each
 * @param xattrOptimization    the reference's {@code --optimizations xattr} (off: its docs note a problem with volume mounts)
 * @param prefetchFiles        prefetch paths per repository filter
 * @param tagWhenEmpty         tag {@code <tag>-soci} with the unchanged image when no layer qualifies
 * @param untagOnDelete        an ECR DELETE of a source tag untags its {@code <tag>-soci} when that holds our output for it
 */
public record IndexerSettings(
        ImageFilters filters,
        String outputTagSuffix,
        long spanSize,
        long minLayerSize,
        int memorySize,
        int ephemeralStorageSize,
        int timeoutSeconds,
        LambdaArchitecture architecture,
        OptionalInt reservedConcurrency,
        int logRetentionDays,
        boolean snapStart,
        Optional<VpcPlacement> vpc,
        Optional<String> permissionsBoundaryArn,
        Optional<String> queueKmsKeyArn,
        Optional<String> alarmTopicArn,
        Optional<String> completionEventBus,
        int asyncRetryAttempts,
        int maxEventAgeHours,
        int deliveryRetryAttempts,
        SourceAccountRoles sourceAccountRoles,
        boolean xattrOptimization,
        PrefetchRules prefetchFiles,
        boolean tagWhenEmpty,
        boolean untagOnDelete) {

    /** About two vCPUs: Lambda gives one vCPU per 1,769 MB, and layers of one image are indexed in parallel. */
    public static final int DEFAULT_MEMORY_MIB = 3538;
    /**
     * Lambda's maximum, the spill space for checkpoint windows: 32 KiB per span (1/128 of a layer at 4 MiB spans)
     * for every layer in flight past 8 MiB of windows, until its zTOC is pushed (see docs/deploy.md).
     */
    public static final int DEFAULT_EPHEMERAL_STORAGE_MIB = 10240;
    /** The most /tmp that SnapStart allows. */
    public static final int SNAPSTART_MAX_EPHEMERAL_STORAGE_MIB = 512;
    public static final int MAX_TIMEOUT_SECONDS = 900;
    /** Enough for a burst of pushes without letting a mass re-tag starve the account's other functions. */
    public static final int DEFAULT_RESERVED_CONCURRENCY = 5;
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;
    public static final String DEFAULT_COMPLETION_EVENT_BUS = "default";
    /**
     * On in the stack (off in the CLI, as in the reference): a pipeline that deploys {@code <tag>-soci} would
     * otherwise break on every small image, and the pass-through index costs one small manifest per push.
     */
    public static final boolean DEFAULT_TAG_WHEN_EMPTY = true;

    private static final String PARTITION = "arn:aws[a-z-]*";

    public IndexerSettings {
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(reservedConcurrency, "reservedConcurrency");
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(sourceAccountRoles, "sourceAccountRoles");
        Objects.requireNonNull(prefetchFiles, "prefetchFiles");
        requireOutputTagSuffix(outputTagSuffix);
        ImagePushPattern.requireIndexableTags(filters, outputTagSuffix);
        requireRange("spanSize", spanSize, 1, Long.MAX_VALUE, "bytes");
        requireRange("minLayerSize", minLayerSize, 0, Long.MAX_VALUE, "bytes");
        requireRange("memorySize", memorySize, 128, 10240, "MiB");
        requireRange("ephemeralStorageSize", ephemeralStorageSize, 512, 10240, "MiB");
        requireRange("timeoutSeconds", timeoutSeconds, 1, MAX_TIMEOUT_SECONDS, "seconds");
        reservedConcurrency.ifPresent(n -> requireRange("reservedConcurrency", n, 1, 10_000, "concurrent executions"
                + " (0 would stop the function; use 'none' for no reservation)"));
        if (!LogRetention.isSupported(logRetentionDays)) {
            throw new IllegalArgumentException("logRetentionDays " + logRetentionDays + " is not a retention CloudWatch Logs offers; use one of "
                    + LogRetention.supportedDays());
        }
        if (snapStart && ephemeralStorageSize > SNAPSTART_MAX_EPHEMERAL_STORAGE_MIB) {
            throw new IllegalArgumentException("snapStart=true cannot be combined with ephemeralStorageSize=" + ephemeralStorageSize
                    + " MiB: Lambda SnapStart allows at most " + SNAPSTART_MAX_EPHEMERAL_STORAGE_MIB + " MiB of /tmp. Either also pass"
                    + " -c ephemeralStorageSize=" + SNAPSTART_MAX_EPHEMERAL_STORAGE_MIB + " (very large layers then have less spill"
                    + " space) or leave snapStart off");
        }
        requireArn("permissionsBoundaryArn", permissionsBoundaryArn, PARTITION + ":iam::\\d{12}:policy/.+");
        requireArn("queueKmsKeyArn", queueKmsKeyArn, PARTITION + ":kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
        requireArn("alarmTopicArn", alarmTopicArn, PARTITION + ":sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
        completionEventBus.ifPresent(name -> {
            if (!name.matches("[/.\\-_A-Za-z0-9]{1,256}")) {
                throw new IllegalArgumentException("completionEventBus '" + name + "' is not an event bus name"
                        + " (1-256 letters, digits, '.', '-', '_', '/'); leave it empty for no completion events");
            }
        });
        requireRange("asyncRetryAttempts", asyncRetryAttempts, 0, 2, "retries");
        requireRange("maxEventAgeHours", maxEventAgeHours, 1, 6, "hours");
        requireRange("deliveryRetryAttempts", deliveryRetryAttempts, 0, 185, "retries");
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireOutputTagSuffix(String suffix) {
        if (suffix == null || !suffix.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("outputTagSuffix '" + suffix + "' must be 1-64 characters allowed in a tag"
                    + " (letters, digits, '.', '_', '-'): it is appended to the source tag");
        }
        // The suffix is a tag ending, so it must leave room for a source tag within the OCI limit.
        OutputTags.outputTag("x", suffix);
    }

    private static void requireRange(String key, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + " " + unit + ", got " + value);
        }
    }

    private static void requireArn(String key, Optional<String> arn, String regex) {
        Objects.requireNonNull(arn, key);
        arn.ifPresent(value -> {
            if (!value.matches(regex)) {
                throw new IllegalArgumentException(key + " '" + value + "' is not an ARN of the expected kind (pattern " + regex + ")");
            }
        });
    }

    /** Starts from the defaults the stack uses when the CDK context says nothing. */
    public static final class Builder {
        private ImageFilters filters = ImageFilters.parse(Defaults.FILTERS);
        private String outputTagSuffix = Defaults.OUTPUT_TAG_SUFFIX;
        private long spanSize = Defaults.SPAN_SIZE;
        private long minLayerSize = Defaults.MIN_LAYER_SIZE;
        private int memorySize = DEFAULT_MEMORY_MIB;
        private int ephemeralStorageSize = DEFAULT_EPHEMERAL_STORAGE_MIB;
        private int timeoutSeconds = MAX_TIMEOUT_SECONDS;
        private LambdaArchitecture architecture = LambdaArchitecture.ARM_64;
        private OptionalInt reservedConcurrency = OptionalInt.of(DEFAULT_RESERVED_CONCURRENCY);
        private int logRetentionDays = DEFAULT_LOG_RETENTION_DAYS;
        private boolean snapStart;
        private Optional<VpcPlacement> vpc = Optional.empty();
        private Optional<String> permissionsBoundaryArn = Optional.empty();
        private Optional<String> queueKmsKeyArn = Optional.empty();
        private Optional<String> alarmTopicArn = Optional.empty();
        private Optional<String> completionEventBus = Optional.of(DEFAULT_COMPLETION_EVENT_BUS);
        private int asyncRetryAttempts = 2;
        private int maxEventAgeHours = 6;
        private int deliveryRetryAttempts = 8;
        private SourceAccountRoles sourceAccountRoles = SourceAccountRoles.none();
        private boolean xattrOptimization;
        private PrefetchRules prefetchFiles = PrefetchRules.none();
        private boolean tagWhenEmpty = DEFAULT_TAG_WHEN_EMPTY;
        private boolean untagOnDelete;

        private Builder() {
        }

        public Builder filters(ImageFilters value) { filters = value; return this; }
        public Builder outputTagSuffix(String value) { outputTagSuffix = value; return this; }
        public Builder spanSize(long value) { spanSize = value; return this; }
        public Builder minLayerSize(long value) { minLayerSize = value; return this; }
        public Builder memorySize(int value) { memorySize = value; return this; }
        public Builder ephemeralStorageSize(int value) { ephemeralStorageSize = value; return this; }
        public Builder timeoutSeconds(int value) { timeoutSeconds = value; return this; }
        public Builder architecture(LambdaArchitecture value) { architecture = value; return this; }
        public Builder reservedConcurrency(OptionalInt value) { reservedConcurrency = value; return this; }
        public Builder logRetentionDays(int value) { logRetentionDays = value; return this; }
        public Builder snapStart(boolean value) { snapStart = value; return this; }
        public Builder vpc(Optional<VpcPlacement> value) { vpc = value; return this; }
        public Builder permissionsBoundaryArn(Optional<String> value) { permissionsBoundaryArn = value; return this; }
        public Builder queueKmsKeyArn(Optional<String> value) { queueKmsKeyArn = value; return this; }
        public Builder alarmTopicArn(Optional<String> value) { alarmTopicArn = value; return this; }
        public Builder completionEventBus(Optional<String> value) { completionEventBus = value; return this; }
        public Builder asyncRetryAttempts(int value) { asyncRetryAttempts = value; return this; }
        public Builder maxEventAgeHours(int value) { maxEventAgeHours = value; return this; }
        public Builder deliveryRetryAttempts(int value) { deliveryRetryAttempts = value; return this; }
        public Builder sourceAccountRoles(SourceAccountRoles value) { sourceAccountRoles = value; return this; }
        public Builder xattrOptimization(boolean value) { xattrOptimization = value; return this; }
        public Builder prefetchFiles(PrefetchRules value) { prefetchFiles = value; return this; }
        public Builder tagWhenEmpty(boolean value) { tagWhenEmpty = value; return this; }
        public Builder untagOnDelete(boolean value) { untagOnDelete = value; return this; }

        public IndexerSettings build() {
            return new IndexerSettings(filters, outputTagSuffix, spanSize, minLayerSize, memorySize, ephemeralStorageSize,
                    timeoutSeconds, architecture, reservedConcurrency, logRetentionDays, snapStart, vpc, permissionsBoundaryArn,
                    queueKmsKeyArn, alarmTopicArn, completionEventBus, asyncRetryAttempts, maxEventAgeHours, deliveryRetryAttempts,
                    sourceAccountRoles, xattrOptimization, prefetchFiles, tagWhenEmpty, untagOnDelete);
        }
    }
}
