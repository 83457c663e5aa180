package dev.sociindex.lambda;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the backfill function reads from its environment: only what listing and enqueueing need (it converts nothing,
 * so the indexing settings are the indexer's alone).
 *
 * @param busName          the bus whose backfill rule routes requests to the indexer
 * @param timeBudgetMargin no request is put in the last part of the invocation
 */
record BackfillConfig(ImageFilters filters, String outputTagSuffix, String busName, Duration timeBudgetMargin) {

    static BackfillConfig fromEnvironment(Map<String, String> environment) {
        String filters = text(environment, ConfigKeys.FILTERS).orElse(Defaults.FILTERS);
        ImageFilters parsed;
        try {
            parsed = ImageFilters.parse(filters);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKeys.FILTERS + ": " + e.getMessage(), e);
        }
        String bus = text(environment, ConfigKeys.BACKFILL_EVENT_BUS_NAME).orElseThrow(() -> new IllegalArgumentException(
                ConfigKeys.BACKFILL_EVENT_BUS_NAME + " is not set: the backfill function needs the bus to put its requests on"));
        String margin = text(environment, ConfigKeys.TIME_BUDGET_MARGIN_SECONDS)
                .orElse(Long.toString(Config.DEFAULT_TIME_BUDGET_MARGIN.toSeconds()));
        long seconds;
        try {
            seconds = Long.parseLong(margin);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ConfigKeys.TIME_BUDGET_MARGIN_SECONDS + " must be a whole number, was '" + margin + "'", e);
        }
        if (seconds < 0) {
            throw new IllegalArgumentException(ConfigKeys.TIME_BUDGET_MARGIN_SECONDS + " must not be negative, was " + seconds);
        }
        return new BackfillConfig(parsed, text(environment, ConfigKeys.OUTPUT_TAG_SUFFIX).orElse(Defaults.OUTPUT_TAG_SUFFIX),
                bus, Duration.ofSeconds(seconds));
    }

    private static Optional<String> text(Map<String, String> environment, String key) {
        return Optional.ofNullable(environment.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
