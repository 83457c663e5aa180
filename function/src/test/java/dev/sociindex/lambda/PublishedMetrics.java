package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.contract.MetricNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The EMF blobs among captured lines, read as CloudWatch reads them: metric name → every publication of it. */
final class PublishedMetrics {

    /** One metric as published: its blob's namespace and dimension sets, its unit and value, its dimension values. */
    record Published(String namespace, List<List<String>> dimensionSets, String unit, double value,
                     Map<String, String> dimensionValues) {
    }

    private final Map<String, List<Published>> byName;

    private PublishedMetrics(Map<String, List<Published>> byName) {
        this.byName = byName;
    }

    /** Every blob must carry exactly one metric directive; a metric published twice shows up as two entries. */
    static PublishedMetrics of(CapturedOutput emf) {
        Map<String, List<Published>> byName = new HashMap<>();
        for (JsonNode blob : emf.emfBlobs()) {
            assertEquals(1, blob.path("_aws").path("CloudWatchMetrics").size(), blob.toString());
            JsonNode directive = blob.path("_aws").path("CloudWatchMetrics").get(0);
            List<List<String>> sets = new ArrayList<>();
            Map<String, String> values = new HashMap<>();
            for (JsonNode set : directive.path("Dimensions")) {
                List<String> names = new ArrayList<>();
                set.forEach(n -> {
                    names.add(n.asText());
                    values.put(n.asText(), blob.path(n.asText()).asText());
                });
                sets.add(names);
            }
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Published(
                        directive.path("Namespace").asText(), sets, metric.path("Unit").asText(),
                        blob.path(name).asDouble(), values));
            }
        }
        return new PublishedMetrics(byName);
    }

    Map<String, List<Published>> byName() {
        return byName;
    }

    List<Published> all(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The single publication of {@code name}, in our namespace and service. */
    Published once(String name) {
        List<Published> all = all(name);
        assertEquals(1, all.size(), name + " must be published exactly once, was " + all);
        Published metric = all.getFirst();
        assertEquals(MetricNames.NAMESPACE, metric.namespace());
        assertEquals(MetricNames.SERVICE, metric.dimensionValues().get(MetricNames.DIMENSION_SERVICE));
        return metric;
    }
}
