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

    /** ImagesFailed under [Service, ErrorType], for transient and permanent failures alike. */
    void imageFailed(String errorType);

    /** A completion event that the bus did not accept (the index itself was written). Under [Service]. */
    void completionEventFailed();
}
