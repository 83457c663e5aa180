package dev.sociindex.lambda;

import dev.sociindex.convert.ConversionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Layer counts of a conversion. A layer shared by several platforms is read and indexed once, so it is counted once
 * (by digest); its compressed size is what {@code BytesProcessed} adds up.
 *
 * @param skippedByReason distinct skipped layers per reason, the reason made safe as a metric dimension value
 */
record LayerSummary(int indexed, int skipped, long bytesIndexed, long ztocBytes, Map<String, Integer> skippedByReason) {
    /**
     * Skip reasons become the {@code Reason} dimension of LayersSkipped; a free-text reason (one that names sizes or
     * digests) would create a new metric per layer, so anything that is not a short code is counted as "other".
     */
    private static final Pattern REASON_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    static final String OTHER_REASON = "other";

    static LayerSummary of(ConversionResult result) {
        Map<String, ConversionResult.LayerOutcome> byDigest = new LinkedHashMap<>();
        for (ConversionResult.PlatformResult platform : result.platforms()) {
            for (ConversionResult.LayerOutcome layer : platform.layers()) {
                byDigest.putIfAbsent(layer.digest(), layer);
            }
        }
        int indexed = 0;
        long bytes = 0;
        long ztocBytes = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        for (ConversionResult.LayerOutcome layer : byDigest.values()) {
            if (layer.ztocDigest() != null) {
                indexed++;
                bytes += layer.size();
                ztocBytes += layer.ztocSize();
            } else {
                skipped.merge(reasonCode(layer.skipCode()), 1, Integer::sum);
            }
        }
        return new LayerSummary(indexed, byDigest.size() - indexed, bytes, ztocBytes, skipped);
    }

    static String reasonCode(String reason) {
        return reason != null && REASON_CODE.matcher(reason).matches() ? reason : OTHER_REASON;
    }
}
