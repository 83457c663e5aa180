package dev.sociindex.lambda;

import dev.sociindex.contract.MetricNames;

import dev.sociindex.testing.AwsJsonServer;
import dev.sociindex.aws.EventBridgeCompletionPublisher;
import dev.sociindex.lambda.local.LogRedirect;
import dev.sociindex.report.PrintStreamFailureSink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.Converter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The completion event as EventBridge receives it, from a local endpoint speaking the PutEvents protocol. */
class CompletionEventTest {
    private static final String SOURCE_DIGEST = "sha256:42b5e1bd3c5a4f2e6d7c8b9a0f1e2d3c4b5a69788776655443322110ffeeddcc";

    private final Harness harness = new Harness();
    private final Converter converter = (source, reference, target, options) -> {
        harness.clock.advance(Duration.ofMillis(8100));
        return Harness.converted(reference, Harness.digest('e'));
    };

    private static EventBridgeClient client(AwsJsonServer server) {
        return EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .build();
    }

    private IndexerHandler handler(EventBridgeClient events) {
        return harness.handler(converter, new PrintStreamFailureSink(harness.printed.stream),
                new EventBridgeCompletionPublisher(events, "soci-bus", "team.soci"));
    }

    @Test
    void anIndexedImageIsAnnouncedWithSourceDetailTypeAndTheDigestsItProduced() throws IOException {
        try (AwsJsonServer server = new AwsJsonServer(r -> "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"1\"}]}");
             EventBridgeClient events = client(server)) {

            JsonNode response = harness.invoke(handler(events), TestEvents.file("push-multi-arch-index.json"));

            assertEquals("indexed", response.path("status").asText());
            List<AwsJsonServer.Request> requests = server.requests();
            assertEquals(1, requests.size());
            assertEquals("AWSEvents.PutEvents", requests.getFirst().target());
            JsonNode entries = CapturedOutput.parse(requests.getFirst().body()).path("Entries");
            assertEquals(1, entries.size());
            JsonNode entry = entries.get(0);
            assertEquals("soci-bus", entry.path("EventBusName").asText());
            assertEquals("team.soci", entry.path("Source").asText());
            assertEquals(Defaults.COMPLETION_DETAIL_TYPE, entry.path("DetailType").asText());
            JsonNode detail = CapturedOutput.parse(entry.path("Detail").asText());
            assertEquals("team/web-app", detail.path("repository").asText());
            assertEquals("latest", detail.path("sourceTag").asText());
            assertEquals(SOURCE_DIGEST, detail.path("sourceDigest").asText());
            assertEquals("latest-soci", detail.path("outputTag").asText());
            assertEquals(Harness.digest('e'), detail.path("outputDigest").asText());
            assertEquals(2, detail.path("layersIndexed").asInt());
            assertEquals(1, detail.path("layersSkipped").asInt());
            assertEquals(8100, detail.path("durationMs").asLong());
            JsonNode platforms = detail.path("platforms");
            assertEquals(2, platforms.size());
            assertEquals("linux/amd64", platforms.get(0).path("platform").asText());
            assertEquals(Harness.digest('1'), platforms.get(0).path("manifestDigest").asText());
            assertEquals(Harness.digest('2'), platforms.get(0).path("sociIndexDigest").asText());
            assertEquals("linux/arm64", platforms.get(1).path("platform").asText());
            assertEquals(Harness.digest('4'), platforms.get(1).path("sociIndexDigest").asText());
        }
    }

    @Test
    void aRejectedEntryIsLoggedAndCountedButTheInvocationSucceeds() throws IOException {
        CapturedOutput logs = new CapturedOutput();
        try (AwsJsonServer server = new AwsJsonServer(r -> "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":"
                + "\"InternalFailure\",\"ErrorMessage\":\"please retry\"}]}");
             EventBridgeClient events = client(server)) {

            JsonNode response;
            try (LogRedirect redirect = LogRedirect.to(logs.stream)) {
                response = harness.invoke(handler(events), TestEvents.file("push-multi-arch-index.json"));
            }

            assertEquals("indexed", response.path("status").asText(), "the index is written; the invocation succeeds");
            JsonNode error = logs.json().stream()
                    .filter(l -> l.path("message").asText().startsWith("completion event not published"))
                    .findFirst().orElseThrow(() -> new AssertionError("no error line in " + logs.lines()));
            assertEquals("ERROR", error.path("level").asText());
            assertTrue(error.path("message").asText().contains("InternalFailure: please retry"), error.toString());
            JsonNode metric = harness.emf.emfBlobs().stream()
                    .filter(b -> b.has(MetricNames.COMPLETION_EVENTS_FAILED))
                    .findFirst().orElseThrow(() -> new AssertionError("no CompletionEventsFailed metric"));
            assertEquals(1.0, metric.path(MetricNames.COMPLETION_EVENTS_FAILED).asDouble());
            assertEquals("[[\"Service\"]]",
                    metric.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        }
    }
}
