package dev.sociindex.lambda;

import dev.sociindex.report.PrintStreamCompletionPublisher;
import dev.sociindex.aws.SqsFailureSink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.gzip.GzipFormatException;
import dev.sociindex.registry.RegistryException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Permanent failures in a real SQS queue (ElasticMQ, in process); transient ones must not land there. */
class DlqTest {
    private static SQSRestServer server;
    private static SqsClient sqs;

    private final Harness harness = new Harness();
    private String queueUrl;

    @BeforeAll
    static void startQueueServer() {
        server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .build();
    }

    @AfterAll
    static void stopQueueServer() {
        sqs.close();
        server.stopAndWait();
    }

    @BeforeEach
    void freshQueue() {
        queueUrl = sqs.createQueue(b -> b.queueName("soci-dlq-" + System.nanoTime())).queueUrl();
    }

    private IndexerHandler handler(dev.sociindex.convert.Converter converter) {
        return harness.handler(converter, new SqsFailureSink(sqs, queueUrl), new PrintStreamCompletionPublisher(
                harness.printed.stream, "test"));
    }

    private List<Message> drain() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    @Test
    void aPermanentFailureLandsInTheQueueOnceWithTheOriginalEventAndTheError() throws Exception {
        Path eventFile = TestEvents.file("push-tagged-single-arch.json");
        String original = Files.readString(eventFile, StandardCharsets.UTF_8);
        IndexerHandler handler = handler((source, reference, target, options) -> {
            throw new GzipFormatException("invalid deflate block type 3", 81920);
        });

        JsonNode response = harness.invoke(handler, eventFile);

        assertEquals("failed", response.path("status").asText(), "the invocation returns normally");
        List<Message> messages = drain();
        assertEquals(1, messages.size());
        JsonNode record = CapturedOutput.parse(messages.getFirst().body());
        assertEquals(original, record.path("originalEvent").asText(), "the event verbatim");
        assertEquals("GzipFormatException", record.path("errorType").asText());
        assertTrue(record.path("message").asText().contains("invalid deflate block type 3"), record.toString());
        assertEquals("team/web-app", record.path("repository").asText());
        assertEquals("sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234abcd",
                record.path("digest").asText());
        assertEquals("v1.4.2", record.path("tag").asText());
        assertEquals(Harness.START.toString(), record.path("timestamp").asText());
        assertTrue(record.path("requestId").asText().matches("[0-9a-f-]{36}"), record.toString());
        assertEquals("GzipFormatException",
                messages.getFirst().messageAttributes().get("ErrorType").stringValue());
    }

    @Test
    void aTransientFailureIsRethrownAndNotWrittenToTheQueue() {
        IndexerHandler handler = handler((source, reference, target, options) -> {
            throw new RegistryException("GET /v2/team/web-app/blobs/... answered 503", 503, true, null);
        });

        RegistryException e = assertThrows(RegistryException.class,
                () -> harness.invoke(handler, TestEvents.file("push-tagged-single-arch.json")));

        assertEquals(503, e.status());
        assertTrue(drain().isEmpty(), "Lambda retries it; the DLQ gets it only through the on-failure destination");
    }

    @Test
    void aMalformedEventLandsInTheQueueVerbatim() throws Exception {
        Path eventFile = TestEvents.file("malformed-not-json.json");

        JsonNode response = harness.invoke(handler((s, r, t, o) -> {
            throw new AssertionError("not reached");
        }), eventFile);

        assertEquals("failed", response.path("status").asText());
        List<Message> messages = drain();
        assertEquals(1, messages.size());
        JsonNode record = CapturedOutput.parse(messages.getFirst().body());
        assertEquals(Files.readString(eventFile, StandardCharsets.UTF_8), record.path("originalEvent").asText());
        assertEquals("MalformedEventException", record.path("errorType").asText());
        assertTrue(record.path("message").asText().startsWith("malformed ECR Image Action event: Unrecognized token"),
                record.toString());
        assertTrue(record.path("repository").isNull(), "nothing is known about the image");
    }

    @Test
    void whenTheQueueCannotTakeTheRecordTheInvocationFailsSoTheEventIsNotLost() {
        IndexerHandler handler = harness.handler((s, r, t, o) -> {
            throw new GzipFormatException("bad", 0);
        }, new SqsFailureSink(sqs, queueUrl + "-missing"), new PrintStreamCompletionPublisher(harness.printed.stream,
                "test"));

        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> harness.invoke(handler, TestEvents.file("push-tagged-single-arch.json")));

        assertTrue(e.getMessage().startsWith("SendMessage of the failure record to " + queueUrl + "-missing failed"),
                e.getMessage());
    }
}
