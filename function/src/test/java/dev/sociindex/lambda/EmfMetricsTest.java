package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.MetricNames;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.gzip.GzipFormatException;
import dev.sociindex.registry.RegistryException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF lines the handler prints, parsed as CloudWatch would read them. */
class EmfMetricsTest {
    private final Harness harness = new Harness();

    private Map<String, List<PublishedMetrics.Published>> published() {
        return PublishedMetrics.of(harness.emf).byName();
    }

    private PublishedMetrics.Published once(String name) {
        return PublishedMetrics.of(harness.emf).once(name);
    }

    @Test
    void anIndexedImagePublishesCountsBytesAndDurationUnderServiceAndLayerSkipsUnderReason() throws IOException {
        IndexerHandler handler = harness.handler((source, reference, target, options) -> {
            harness.clock.advance(Duration.ofMillis(1234));
            return Harness.converted(reference, Harness.digest('f'));
        });

        harness.invoke(handler, TestEvents.file("push-multi-arch-index.json"));

        List<List<String>> service = List.of(List.of(MetricNames.DIMENSION_SERVICE));
        PublishedMetrics.Published images = once(MetricNames.IMAGES_INDEXED);
        assertEquals(service, images.dimensionSets());
        assertEquals("Count", images.unit());
        assertEquals(1.0, images.value());
        PublishedMetrics.Published layers = once(MetricNames.LAYERS_INDEXED);
        assertEquals(service, layers.dimensionSets());
        assertEquals(2.0, layers.value(), "two distinct layers got a zTOC");
        PublishedMetrics.Published bytes = once(MetricNames.BYTES_PROCESSED);
        assertEquals(service, bytes.dimensionSets());
        assertEquals("Bytes", bytes.unit());
        assertEquals((20 << 20) + (30 << 20), bytes.value(), "compressed sizes of the indexed layers");
        PublishedMetrics.Published ztocBytes = once(MetricNames.ZTOC_BYTES);
        assertEquals(service, ztocBytes.dimensionSets());
        assertEquals(70_000 + 90_000, ztocBytes.value(), "bytes of the zTOCs written");
        PublishedMetrics.Published duration = once(MetricNames.INDEX_DURATION_MS);
        assertEquals("Milliseconds", duration.unit());
        assertEquals(1234.0, duration.value());
        PublishedMetrics.Published skippedLayers = once(MetricNames.LAYERS_SKIPPED);
        assertEquals(List.of(List.of(MetricNames.DIMENSION_SERVICE, MetricNames.DIMENSION_REASON)),
                skippedLayers.dimensionSets());
        assertEquals("below-min-size", skippedLayers.dimensionValues().get(MetricNames.DIMENSION_REASON));
        assertEquals(1.0, skippedLayers.value(), "the shared small layer counts once");
        assertEquals(6, published().size(), "no other metric: " + published().keySet());
    }

    @Test
    void aSkipPublishesImagesSkippedUnderServiceAndReason() throws IOException {
        harness.invoke(harness.handler((s, r, t, o) -> {
            throw new AssertionError("not reached");
        }), TestEvents.file("push-untagged-child-manifest.json"));

        PublishedMetrics.Published skipped = once(MetricNames.IMAGES_SKIPPED);
        assertEquals(List.of(List.of(MetricNames.DIMENSION_SERVICE, MetricNames.DIMENSION_REASON)),
                skipped.dimensionSets());
        assertEquals("untagged", skipped.dimensionValues().get(MetricNames.DIMENSION_REASON));
        assertEquals(1.0, skipped.value());
        assertEquals(1, published().size());
    }

    @Test
    void anImageAlreadyIndexedIsASkipWithItsOwnReason() throws IOException {
        harness.invoke(harness.handler((source, reference, target, options) -> new ConversionResult(
                ConversionResult.Status.ALREADY_CONVERTED, reference, reference, null, null, List.of())),
                TestEvents.file("push-tagged-single-arch.json"));

        assertEquals("already-indexed", once(MetricNames.IMAGES_SKIPPED).dimensionValues().get("Reason"));
        assertEquals(1, published().size());
        assertTrue(harness.printed.lines().stream().noneMatch(l -> l.contains("\"detail-type\"")),
                "no completion event for an image that was not indexed now");
    }

    @Test
    void anImageWithNothingToIndexIsASkipAndItsLayersAreCountedPerReasonCode() throws IOException {
        String gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
        harness.invoke(harness.handler((source, reference, target, options) -> new ConversionResult(
                ConversionResult.Status.SKIPPED, reference, reference, null, null, List.of(
                new ConversionResult.PlatformResult("linux/amd64", null, null, List.of(
                        new ConversionResult.LayerOutcome(Harness.digest('1'), 100, gzip, null, 0, "below-min-size", "smaller than 10485760"),
                        new ConversionResult.LayerOutcome(Harness.digest('2'), 200, gzip, null, 0, "below-min-size", "smaller than 10485760"),
                        new ConversionResult.LayerOutcome(Harness.digest('3'), 300, gzip, null, 0,
                                "Zstd Layer (sha256:333...)", "a code that is not a short code is counted as other")))))),
                TestEvents.file("push-tagged-single-arch.json"));

        assertEquals("nothing-to-index", once(MetricNames.IMAGES_SKIPPED).dimensionValues().get("Reason"));
        Map<String, Double> layersByReason = new HashMap<>();
        for (PublishedMetrics.Published p : published().get(MetricNames.LAYERS_SKIPPED)) {
            assertEquals(List.of(List.of("Service", "Reason")), p.dimensionSets());
            layersByReason.put(p.dimensionValues().get("Reason"), p.value());
        }
        assertEquals(Map.of("below-min-size", 2.0, "other", 1.0), layersByReason,
                "a free-text reason must not become a dimension value of its own");
    }

    @Test
    void aPermanentFailurePublishesImagesFailedUnderServiceAndErrorType() throws IOException {
        harness.invoke(harness.handler((s, r, t, o) -> {
            throw new GzipFormatException("invalid block type 3", 81920);
        }), TestEvents.file("push-tagged-single-arch.json"));

        PublishedMetrics.Published failed = once(MetricNames.IMAGES_FAILED);
        assertEquals(List.of(List.of(MetricNames.DIMENSION_SERVICE, MetricNames.DIMENSION_ERROR_TYPE)),
                failed.dimensionSets());
        assertEquals("GzipFormatException", failed.dimensionValues().get(MetricNames.DIMENSION_ERROR_TYPE));
        assertEquals(1.0, failed.value());
        assertEquals(1, published().size());
    }

    @Test
    void aTransientFailureIsCountedApartFromImagesFailedBeforeItIsRethrown() {
        IndexerHandler handler = harness.handler((s, r, t, o) -> {
            throw new RegistryException("registry answered 503", 503, true, null);
        });

        assertThrows(RegistryException.class,
                () -> harness.invoke(handler, TestEvents.file("push-tagged-single-arch.json")));

        PublishedMetrics.Published retried = once(MetricNames.TRANSIENT_FAILURES);
        assertEquals(List.of(List.of(MetricNames.DIMENSION_SERVICE, MetricNames.DIMENSION_ERROR_TYPE)),
                retried.dimensionSets());
        assertEquals("RegistryException", retried.dimensionValues().get(MetricNames.DIMENSION_ERROR_TYPE));
        assertEquals(1, published().size(), "ImagesFailed counts only what ends in the DLQ: " + published().keySet());
    }
}
