package dev.sociindex.lambda;


import static dev.sociindex.contract.MetricNames.BYTES_PROCESSED;
import static dev.sociindex.contract.MetricNames.COMPLETION_EVENTS_FAILED;
import static dev.sociindex.contract.MetricNames.ZTOC_BYTES;
import static dev.sociindex.contract.MetricNames.DIMENSION_ERROR_TYPE;
import static dev.sociindex.contract.MetricNames.DIMENSION_REASON;
import static dev.sociindex.contract.MetricNames.DIMENSION_SERVICE;
import static dev.sociindex.contract.MetricNames.IMAGES_FAILED;
import static dev.sociindex.contract.MetricNames.IMAGES_INDEXED;
import static dev.sociindex.contract.MetricNames.IMAGES_SKIPPED;
import static dev.sociindex.contract.MetricNames.INDEX_DURATION_MS;
import static dev.sociindex.contract.MetricNames.LAYERS_INDEXED;
import static dev.sociindex.contract.MetricNames.LAYERS_SKIPPED;
import static dev.sociindex.contract.MetricNames.TRANSIENT_FAILURES;

import dev.sociindex.contract.MetricNames;
import java.io.PrintStream;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * {@link IndexerMetrics} as CloudWatch embedded-metric-format lines, through the Powertools v2 functional API.
 *
 * <p>Every outcome is written with {@link Metrics#flushMetrics}, which emits a separate EMF blob from a fresh
 * logger. That is what keeps the dimension sets fixed: {@code addDimension} would add a second set and publish each
 * metric twice, whereas replacing the default dimensions inside the blob yields exactly one set, [Service] or
 * [Service, Reason] or [Service, ErrorType]. Nothing accumulates between invocations, so there is no end-of-request
 * flush to forget.
 */
public final class EmfIndexerMetrics implements IndexerMetrics {
    private final Metrics metrics;

    private EmfIndexerMetrics(Metrics metrics) {
        this.metrics = metrics;
        metrics.setNamespace(MetricNames.NAMESPACE);
        metrics.setDefaultDimensions(DimensionSet.of(DIMENSION_SERVICE, MetricNames.SERVICE));
    }

    /** In Lambda: the EMF library detects the Lambda environment and prints to stdout, which CloudWatch ingests. */
    public static EmfIndexerMetrics forLambda() {
        return new EmfIndexerMetrics(new EmfMetricsProvider().getMetricsInstance());
    }

    /**
     * Off Lambda, EMF's environment detection would look for a CloudWatch agent and print nothing; this writes the
     * lines to {@code out} with the semantics of EMF's {@code Local} environment instead. Constructing the Powertools
     * logger directly (rather than through its global factory) keeps the destination per instance, so tests and
     * local runs need neither {@code AWS_EMF_ENVIRONMENT} nor a redirected {@code System.out}.
     */
    public static EmfIndexerMetrics printingTo(PrintStream out) {
        return new EmfIndexerMetrics(new EmfMetricsLogger(new PrintStreamEmfEnvironment(out).provider(),
                new MetricsContext()));
    }

    @Override
    public void imageIndexed(int layersIndexed, long bytesProcessed, long ztocBytes, long durationMs) {
        metrics.flushMetrics(blob -> {
            blob.addMetric(IMAGES_INDEXED, 1, MetricUnit.COUNT);
            blob.addMetric(LAYERS_INDEXED, layersIndexed, MetricUnit.COUNT);
            blob.addMetric(BYTES_PROCESSED, bytesProcessed, MetricUnit.BYTES);
            blob.addMetric(ZTOC_BYTES, ztocBytes, MetricUnit.BYTES);
            blob.addMetric(INDEX_DURATION_MS, durationMs, MetricUnit.MILLISECONDS);
        });
    }

    @Override
    public void layersSkipped(Map<String, Integer> countsByReason) {
        countsByReason.forEach((reason, count) -> metrics.flushMetrics(blob -> {
            blob.setDefaultDimensions(dimensions(DIMENSION_REASON, reason));
            blob.addMetric(LAYERS_SKIPPED, count, MetricUnit.COUNT);
        }));
    }

    @Override
    public void imageSkipped(SkipReason reason) {
        metrics.flushMetrics(blob -> {
            blob.setDefaultDimensions(dimensions(DIMENSION_REASON, reason.label()));
            blob.addMetric(IMAGES_SKIPPED, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void imageFailed(String errorType) {
        metrics.flushMetrics(blob -> {
            blob.setDefaultDimensions(dimensions(DIMENSION_ERROR_TYPE, errorType));
            blob.addMetric(IMAGES_FAILED, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void transientFailure(String errorType) {
        metrics.flushMetrics(blob -> {
            blob.setDefaultDimensions(dimensions(DIMENSION_ERROR_TYPE, errorType));
            blob.addMetric(TRANSIENT_FAILURES, 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void completionEventFailed() {
        metrics.flushMetrics(blob -> blob.addMetric(COMPLETION_EVENTS_FAILED, 1, MetricUnit.COUNT));
    }

    private static DimensionSet dimensions(String name, String value) {
        return DimensionSet.of(DIMENSION_SERVICE, MetricNames.SERVICE, name, value);
    }
}
