package dev.sociindex.infra;

import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.PrefetchRules;
import dev.sociindex.contract.SourceAccountRoles;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads {@link IndexerSettings} from the CDK context: defaults in {@code cdk.json}, overrides with
 * {@code cdk deploy -c key=value}. Values from {@code -c} arrive as strings, values from {@code cdk.json} may be
 * JSON numbers, booleans or arrays; both are accepted. A key that is absent keeps the built-in default.
 */
public final class ContextSettings {
    public static final String FILTERS = "filters";
    public static final String OUTPUT_TAG_SUFFIX = "outputTagSuffix";
    public static final String SPAN_SIZE = "spanSize";
    public static final String MIN_LAYER_SIZE = "minLayerSize";
    public static final String MEMORY_SIZE = "memorySize";
    public static final String EPHEMERAL_STORAGE_SIZE = "ephemeralStorageSize";
    public static final String TIMEOUT_SECONDS = "timeoutSeconds";
    public static final String ARCHITECTURE = "architecture";
    public static final String RESERVED_CONCURRENCY = "reservedConcurrency";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String SNAP_START = "snapStart";
    public static final String VPC_ID = "vpcId";
    public static final String SUBNET_IDS = "subnetIds";
    public static final String SECURITY_GROUP_IDS = "securityGroupIds";
    public static final String PERMISSIONS_BOUNDARY_ARN = "permissionsBoundaryArn";
    public static final String QUEUE_KMS_KEY_ARN = "queueKmsKeyArn";
    public static final String ALARM_TOPIC_ARN = "alarmTopicArn";
    public static final String COMPLETION_EVENT_BUS = "completionEventBus";
    public static final String ASYNC_RETRY_ATTEMPTS = "asyncRetryAttempts";
    public static final String MAX_EVENT_AGE_HOURS = "maxEventAgeHours";
    public static final String DELIVERY_RETRY_ATTEMPTS = "deliveryRetryAttempts";
    /** {@code account=roleArn,...}: accounts that forward ECR events to this stack, and the role to assume in each. */
    public static final String SOURCE_ACCOUNT_ROLES = "sourceAccountRoles";

    /** {@code xattr} or {@code none}: the reference's {@code --optimizations}. */
    public static final String OPTIMIZATIONS = "optimizations";
    /** Prefetch paths per repository filter: {@code repo:tag=/path,/path;other:*=/path}. */
    public static final String PREFETCH_FILES = "prefetchFiles";
    public static final String TAG_WHEN_EMPTY = "tagWhenEmpty";
    public static final String UNTAG_ON_DELETE = "untagOnDelete";

    /** The word that turns an optional feature off explicitly. */
    public static final String NONE = "none";

    private final Function<String, Object> context;

    /** @param context looks a key up, e.g. {@code app.getNode()::tryGetContext}; null when absent */
    public ContextSettings(Function<String, Object> context) {
        this.context = context;
    }

    /** @throws IllegalArgumentException naming the context key whose value is wrong */
    public IndexerSettings read() {
        IndexerSettings.Builder builder = IndexerSettings.builder();
        text(FILTERS).ifPresent(v -> builder.filters(parseFilters(v)));
        text(OUTPUT_TAG_SUFFIX).ifPresent(builder::outputTagSuffix);
        text(SPAN_SIZE).ifPresent(v -> builder.spanSize(parseLong(SPAN_SIZE, v)));
        text(MIN_LAYER_SIZE).ifPresent(v -> builder.minLayerSize(parseLong(MIN_LAYER_SIZE, v)));
        text(MEMORY_SIZE).ifPresent(v -> builder.memorySize(parseInt(MEMORY_SIZE, v)));
        text(EPHEMERAL_STORAGE_SIZE).ifPresent(v -> builder.ephemeralStorageSize(parseInt(EPHEMERAL_STORAGE_SIZE, v)));
        text(TIMEOUT_SECONDS).ifPresent(v -> builder.timeoutSeconds(parseInt(TIMEOUT_SECONDS, v)));
        text(ARCHITECTURE).ifPresent(v -> builder.architecture(withKey(ARCHITECTURE, () -> LambdaArchitecture.parse(v))));
        text(RESERVED_CONCURRENCY).ifPresent(v -> builder.reservedConcurrency(
                NONE.equals(v) ? OptionalInt.empty() : OptionalInt.of(parseInt(RESERVED_CONCURRENCY, v))));
        text(LOG_RETENTION_DAYS).ifPresent(v -> builder.logRetentionDays(parseInt(LOG_RETENTION_DAYS, v)));
        text(SNAP_START).ifPresent(v -> builder.snapStart(parseBoolean(SNAP_START, v)));
        builder.vpc(vpcPlacement());
        builder.permissionsBoundaryArn(optionalText(PERMISSIONS_BOUNDARY_ARN));
        builder.queueKmsKeyArn(optionalText(QUEUE_KMS_KEY_ARN));
        builder.alarmTopicArn(optionalText(ALARM_TOPIC_ARN));
        // Absent keeps the default bus; an empty value or "none" turns completion events off.
        if (context.apply(COMPLETION_EVENT_BUS) != null) {
            builder.completionEventBus(optionalText(COMPLETION_EVENT_BUS));
        }
        text(ASYNC_RETRY_ATTEMPTS).ifPresent(v -> builder.asyncRetryAttempts(parseInt(ASYNC_RETRY_ATTEMPTS, v)));
        text(MAX_EVENT_AGE_HOURS).ifPresent(v -> builder.maxEventAgeHours(parseInt(MAX_EVENT_AGE_HOURS, v)));
        text(DELIVERY_RETRY_ATTEMPTS).ifPresent(v -> builder.deliveryRetryAttempts(parseInt(DELIVERY_RETRY_ATTEMPTS, v)));
        optionalText(SOURCE_ACCOUNT_ROLES).ifPresent(v -> builder.sourceAccountRoles(
                withKey(SOURCE_ACCOUNT_ROLES, () -> SourceAccountRoles.parse(v))));
        optionalText(OPTIMIZATIONS).ifPresent(v -> {
            if (!v.equals("xattr")) {
                throw new IllegalArgumentException("context key '" + OPTIMIZATIONS + "' may be 'xattr' or 'none', got '" + v + "'");
            }
            builder.xattrOptimization(true);
        });
        optionalText(PREFETCH_FILES).ifPresent(v -> builder.prefetchFiles(withKey(PREFETCH_FILES, () -> PrefetchRules.parse(v))));
        text(TAG_WHEN_EMPTY).ifPresent(v -> builder.tagWhenEmpty(parseBoolean(TAG_WHEN_EMPTY, v)));
        text(UNTAG_ON_DELETE).ifPresent(v -> builder.untagOnDelete(parseBoolean(UNTAG_ON_DELETE, v)));
        return builder.build();
    }

    private Optional<VpcPlacement> vpcPlacement() {
        Optional<String> vpcId = optionalText(VPC_ID);
        List<String> subnets = list(SUBNET_IDS);
        List<String> groups = list(SECURITY_GROUP_IDS);
        if (vpcId.isEmpty()) {
            if (!subnets.isEmpty() || !groups.isEmpty()) {
                throw new IllegalArgumentException("subnetIds/securityGroupIds are set but vpcId is not: pass -c vpcId=vpc-... as well");
            }
            return Optional.empty();
        }
        return Optional.of(new VpcPlacement(vpcId.get(), subnets, groups));
    }

    /** Present and not blank. */
    private Optional<String> text(String key) {
        Object value = context.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Present, not blank and not "none". */
    private Optional<String> optionalText(String key) {
        return text(key).filter(v -> !NONE.equals(v));
    }

    private List<String> list(String key) {
        Object value = context.apply(key);
        if (value instanceof List<?> items) {
            return items.stream().map(item -> String.valueOf(item).strip()).filter(s -> !s.isEmpty()).toList();
        }
        return optionalText(key)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static ImageFilters parseFilters(String value) {
        return withKey(FILTERS, () -> ImageFilters.parse(value));
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context key '" + key + "' must be a whole number, got '" + value + "'", e);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context key '" + key + "' must be a whole number of bytes, got '" + value + "'", e);
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("context key '" + key + "' must be true or false, got '" + value + "'");
        };
    }

    private static <T> T withKey(String key, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context key '" + key + "': " + e.getMessage(), e);
        }
    }
}
