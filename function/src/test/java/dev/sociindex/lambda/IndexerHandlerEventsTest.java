package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.convert.Converter;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in {@code test-events/} through the whole handler, to the outcome it must reach. */
class IndexerHandlerEventsTest {

    /** File → expected {@code status:reason-or-error-type}, and for malformed events a phrase the message must hold. */
    private static final Map<String, Expected> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("push-tagged-single-arch.json", new Expected("indexed", "", "")),
            Map.entry("push-docker-single-arch.json", new Expected("indexed", "", "")),
            Map.entry("push-multi-arch-index.json", new Expected("indexed", "", "")),
            Map.entry("push-untagged-child-manifest.json", new Expected("skipped", "untagged", "")),
            Map.entry("push-own-soci-output.json", new Expected("skipped", "output-tag", "")),
            Map.entry("push-helm-chart.json", new Expected("skipped", "not-an-image", "")),
            Map.entry("delete.json", new Expected("skipped", "not-push-success", "")),
            Map.entry("push-failed.json", new Expected("skipped", "not-push-success", "")),
            Map.entry("backfill-request.json", new Expected("indexed", "", "")),
            Map.entry("backfill-request-own-output.json", new Expected("skipped", "output-tag", "")),
            Map.entry("malformed-backfill-request.json",
                    new Expected("failed", "MalformedEventException", "required field 'detail.image-tag' is missing")),
            Map.entry("malformed-not-json.json",
                    new Expected("failed", "MalformedEventException", "line 1, column 1")),
            Map.entry("malformed-missing-detail.json",
                    new Expected("failed", "MalformedEventException", "required field 'detail' is missing")),
            Map.entry("malformed-wrong-types.json",
                    new Expected("failed", "MalformedEventException", "(field 'detail.image-tag')"))));

    record Expected(String status, String detail, String messagePhrase) {
    }

    static Iterable<String> eventFiles() throws IOException {
        return TestEvents.jsonFileNames();
    }

    @Test
    void everyEventFileHasAnExpectedOutcomeAndEveryExpectationAFile() throws IOException {
        assertEquals(EXPECTED.keySet(), new java.util.TreeSet<>(TestEvents.jsonFileNames()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventReachesItsExpectedOutcome(String fileName) throws IOException {
        Expected expected = EXPECTED.get(fileName);
        Harness harness = new Harness();
        AtomicInteger conversions = new AtomicInteger();
        Converter converter = (source, reference, target, options) -> {
            conversions.incrementAndGet();
            return Harness.converted(reference, Harness.digest('f'));
        };

        JsonNode response = harness.invoke(harness.handler(converter), TestEvents.file(fileName));

        assertEquals(expected.status(), response.path("status").asText(), response.toString());
        switch (expected.status()) {
            case "indexed" -> assertEquals(1, conversions.get());
            case "skipped" -> {
                assertEquals(expected.detail(), response.path("reason").asText());
                assertEquals(0, conversions.get(), "a guard skip must not reach the converter");
                assertTrue(harness.opened.isEmpty(), "a guard skip must not open the registry");
            }
            case "failed" -> {
                assertEquals(expected.detail(), response.path("errorType").asText());
                String message = response.path("message").asText();
                String kind = fileName.contains("backfill") ? "SOCI Backfill Request" : "ECR Image Action";
                assertTrue(message.startsWith("malformed " + kind + " event: "), message);
                assertTrue(message.contains(expected.messagePhrase()), message);
                assertEquals(0, conversions.get());
            }
            default -> throw new AssertionError("unknown status " + expected.status());
        }
    }
}
