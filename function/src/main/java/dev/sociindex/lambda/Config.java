package dev.sociindex.lambda;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.PrefetchRules;
import dev.sociindex.convert.ConvertOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration, read once from the environment the stack sets ({@link ConfigKeys}).
 *
 * @param dlqUrl           SQS queue for permanent failures; empty in local runs (records go to stdout)
 * @param eventBusName     bus for completion events; empty in local runs (events go to stdout)
 * @param registryOverride registry to use instead of the event's ECR registry (tests, local runs)
 * @param extras           the reference CLI's extras and the output lifecycle (all off by default)
 */
public record Config(
        ImageFilters filters,
        String outputTagSuffix,
        long spanSize,
        long minLayerSize,
        int layerParallelism,
        Optional<String> dlqUrl,
        Optional<String> eventBusName,
        String eventSource,
        Duration timeBudgetMargin,
        Optional<RegistryAddress> registryOverride,
        Extras extras) {

    public static final Duration DEFAULT_TIME_BUDGET_MARGIN = Duration.ofSeconds(60);

    /**
     * @param xattrOptimization {@code SOCI_OPTIMIZATIONS=xattr}
     * @param prefetch          {@code SOCI_PREFETCH_PATHS}: paths per repository filter
     * @param tagWhenEmpty      {@code SOCI_TAG_WHEN_EMPTY}
     * @param untagOnDelete     {@code SOCI_UNTAG_ON_DELETE}: a DELETE of a source tag untags its output
     */
    public record Extras(boolean xattrOptimization, PrefetchRules prefetch, boolean tagWhenEmpty, boolean untagOnDelete) {
        public static final Extras NONE = new Extras(false, PrefetchRules.none(), false, false);
    }

    /** Without the extras (all off). */
    public Config(ImageFilters filters, String outputTagSuffix, long spanSize, long minLayerSize, int layerParallelism,
            Optional<String> dlqUrl, Optional<String> eventBusName, String eventSource, Duration timeBudgetMargin,
            Optional<RegistryAddress> registryOverride) {
        this(filters, outputTagSuffix, spanSize, minLayerSize, layerParallelism, dlqUrl, eventBusName, eventSource, timeBudgetMargin,
                registryOverride, Extras.NONE);
    }

    public Config withExtras(Extras newExtras) {
        return new Config(filters, outputTagSuffix, spanSize, minLayerSize, layerParallelism, dlqUrl, eventBusName,
                eventSource, timeBudgetMargin, registryOverride, newExtras);
    }

    public Config {
        if (outputTagSuffix.isEmpty()) {
            // An empty suffix would make every tag look like our own output, and the output overwrite its source.
            throw new IllegalArgumentException(ConfigKeys.OUTPUT_TAG_SUFFIX + " must not be empty");
        }
    }

    /** Reads the configuration; unset or empty variables take their defaults. */
    public static Config fromEnvironment(Map<String, String> environment) {
        Reader reader = new Reader(environment);
        return new Config(
                reader.filters(),
                reader.text(ConfigKeys.OUTPUT_TAG_SUFFIX).orElse(Defaults.OUTPUT_TAG_SUFFIX),
                reader.positiveLong(ConfigKeys.SPAN_SIZE, Defaults.SPAN_SIZE),
                reader.nonNegativeLong(ConfigKeys.MIN_LAYER_SIZE, Defaults.MIN_LAYER_SIZE),
                reader.positiveInt(ConfigKeys.LAYER_PARALLELISM, Runtime.getRuntime().availableProcessors()),
                reader.text(ConfigKeys.DLQ_URL),
                reader.text(ConfigKeys.EVENT_BUS_NAME),
                reader.text(ConfigKeys.EVENT_SOURCE).orElse(Defaults.EVENT_SOURCE),
                Duration.ofSeconds(reader.nonNegativeLong(ConfigKeys.TIME_BUDGET_MARGIN_SECONDS,
                        DEFAULT_TIME_BUDGET_MARGIN.toSeconds())),
                reader.text(ConfigKeys.REGISTRY_ENDPOINT).map(RegistryAddress::parseOverride),
                reader.extras());
    }

    public Config withRegistryOverride(RegistryAddress override) {
        return new Config(filters, outputTagSuffix, spanSize, minLayerSize, layerParallelism, dlqUrl, eventBusName,
                eventSource, timeBudgetMargin, Optional.of(override), extras);
    }

    /**
     * Options for one image, with the extras that do not depend on the repository (the backfill uses these); the
     * output tag is explicit because the converter is given the digest, not the tag.
     */
    ConvertOptions convertOptions(String outputTag) {
        return new ConvertOptions(spanSize, minLayerSize, List.of(), outputTagSuffix, outputTag, layerParallelism,
                Defaults.BUILD_TOOL_IDENTIFIER)
                .withXattrOptimization(extras.xattrOptimization())
                .withTagWhenEmpty(extras.tagWhenEmpty());
    }

    /** Options for one image, with the prefetch paths of the rules {@code repository:tag} matches. */
    ConvertOptions convertOptions(String outputTag, String repository, String tag) {
        return convertOptions(outputTag).withPrefetchPaths(extras.prefetch().pathsFor(repository, tag));
    }

    private record Reader(Map<String, String> environment) {
        Extras extras() {
            String optimizations = text(ConfigKeys.OPTIMIZATIONS).orElse("");
            if (!optimizations.isEmpty() && !optimizations.equals("xattr")) {
                throw new IllegalArgumentException(ConfigKeys.OPTIMIZATIONS + " may only be 'xattr' (or empty), was '" + optimizations + "'");
            }
            PrefetchRules prefetch;
            try {
                prefetch = PrefetchRules.parse(text(ConfigKeys.PREFETCH_PATHS).orElse(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ConfigKeys.PREFETCH_PATHS + ": " + e.getMessage(), e);
            }
            return new Extras(!optimizations.isEmpty(), prefetch, bool(ConfigKeys.TAG_WHEN_EMPTY), bool(ConfigKeys.UNTAG_ON_DELETE));
        }

        boolean bool(String key) {
            String value = text(key).orElse("false");
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
            };
        }

        Optional<String> text(String key) {
            return Optional.ofNullable(environment.get(key)).map(String::strip).filter(v -> !v.isEmpty());
        }

        ImageFilters filters() {
            String value = text(ConfigKeys.FILTERS).orElse(Defaults.FILTERS);
            try {
                return ImageFilters.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ConfigKeys.FILTERS + ": " + e.getMessage(), e);
            }
        }

        int positiveInt(String key, int fallback) {
            long value = positiveLong(key, fallback);
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + " is too large, was " + value);
            }
            return (int) value;
        }

        long positiveLong(String key, long fallback) {
            long value = nonNegativeLong(key, fallback);
            if (value == 0) {
                throw new IllegalArgumentException(key + " must be positive, was 0");
            }
            return value;
        }

        long nonNegativeLong(String key, long fallback) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return fallback;
            }
            long value;
            try {
                value = Long.parseLong(text.get());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, was '" + text.get() + "'", e);
            }
            if (value < 0) {
                throw new IllegalArgumentException(key + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
