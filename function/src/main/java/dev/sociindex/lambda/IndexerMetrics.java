package dev.sociindex.lambda;

import java.util.Map;

/**
 * The function's metrics, one method per outcome. Names, namespace and dimensions come from {@code MetricNames};
 * implementations publish every metric under exactly one fixed dimension set so that dashboards and alarms, which
 * must name the full set, always find it.
 */
public interface IndexerMetrics {

    /** ImagesIndexed, LayersIndexed, BytesProcessed, ZtocBytes and IndexDurationMs, under [Service]. */
    void imageIndexed(int layersIndexed, long bytesProcessed, long ztocBytes, long durationMs);

    /** LayersSkipped under [Service, Reason], one value per reason. */
    void layersSkipped(Map<String, Integer> countsByReason);

    /** ImagesSkipped under [Service, Reason]. */
    void imageSkipped(SkipReason reason);

    /** ImagesFailed under [Service, ErrorType]: a permanent failure, recorded in the DLQ and not retried. */
    void imageFailed(String errorType);

    /**
     * TransientFailures under [Service, ErrorType]: an attempt that Lambda will retry. Kept apart from ImagesFailed
     * so that a sum of ImagesFailed counts images that need a person, not attempts that may still succeed.
     */
    void transientFailure(String errorType);

    /** A completion event that the bus did not accept (the index itself was written). Under [Service]. */
    void completionEventFailed();
}
