package dev.sociindex.lambda;

import dev.sociindex.convert.Converter;
import dev.sociindex.testing.AwsJsonServer;
import dev.sociindex.aws.EventBridgeCompletionPublisher;
import dev.sociindex.report.Json;
import dev.sociindex.lambda.local.LocalContext;
import dev.sociindex.lambda.local.LogRedirect;
import dev.sociindex.aws.SqsFailureSink;

import dev.sociindex.files.FileTrees;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.oci.Digests;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.RetryPolicy;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.OciImages;
import dev.sociindex.testing.TarFixtureTrees;
import dev.sociindex.testing.TinyImages;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What the deployed function talks to, on this machine: the real distribution registry with basic auth (ECR's scheme)
 * in place of ECR, a fault-and-record proxy in front of it, a real SQS queue (ElasticMQ, in process) as the DLQ, and a
 * local PutEvents endpoint as the bus. One per test class; {@link #freshRun()} gives each test its own queue, proxy and
 * captured streams.
 */
final class RegistryWorld implements AutoCloseable {
    static final String USER = "indexer";
    /** Distinctive, so that a scan of the output for it cannot match anything else. */
    static final String PASSWORD = "e2e-Pa55-wd-7c1b9f";
    static final String BUS = "soci-bus";
    static final long MIN_LAYER_SIZE = 64 << 10;
    static final long SPAN_SIZE = 256 << 10;
    /** Short, so that an unreachable registry fails in milliseconds. */
    static final RegistrySettings FAST_RETRIES = RegistrySettings.defaults()
            .withRetryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20)));
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    final LocalRegistry registry;
    final Path layout;
    private final Path scratch;
    private final SQSRestServer sqsServer;
    final SqsClient sqs;

    private RegistryWorld(LocalRegistry registry, Path scratch, SQSRestServer sqsServer, SqsClient sqs) {
        this.registry = registry;
        this.scratch = scratch;
        this.layout = scratch.resolve("layout");
        this.sqsServer = sqsServer;
        this.sqs = sqs;
    }

    static RegistryWorld start() throws IOException {
        Path scratch = Files.createTempDirectory("lambda-e2e");
        LocalRegistry registry = LocalRegistry.startWithBasicAuth(USER, PASSWORD);
        SQSRestServer server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        SqsClient sqs = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .build();
        RegistryWorld world = new RegistryWorld(registry, scratch, server, sqs);
        world.createImage();
        return world;
    }

    /**
     * One image made by umoci (Go gzip layers): a tiny layer below {@link #MIN_LAYER_SIZE} and two larger ones with
     * several spans each, so that a run indexes some layers and skips one.
     */
    private void createImage() throws IOException {
        OciImages.create(layout, "v1", "amd64", List.of(
                Map.of("etc/motd", "welcome\n".getBytes(StandardCharsets.UTF_8)),
                Map.of("opt/app/data.bin", Encoders.mixedData(11, 1_500_000),
                        "opt/app/notes.txt", text(12, 200_000)),
                Map.of("usr/share/app/words.txt", text(13, 900_000))));
    }

    /** Pushes the image to {@code repository:tag} and returns the pushed manifest. */
    ManifestData push(String repository, String tag) throws IOException {
        registry.push(layout, "v1", repository, tag);
        try (RegistryImageStore store = registry.repository(repository)) {
            return store.getManifest(tag).orElseThrow();
        }
    }

    /**
     * Pushes, with the store API, an image whose only layer is a gzip layer with corrupt deflate data; the
     * descriptors carry the digests of the corrupt bytes, so the registry accepts it and only inflating fails.
     *
     */
    CorruptImage pushCorruptImage(String repository, String tag) throws IOException, InterruptedException {
        Path root = Files.createDirectories(scratch.resolve("corrupt-root-" + System.nanoTime()));
        Files.write(root.resolve("words.txt"), text(21, 600_000));
        byte[] tar = Files.readAllBytes(TarFixtureTrees.archive(root, scratch.resolve(root.getFileName() + ".tar"),
                "posix"));
        byte[] layer = Encoders.gnuGzip(tar, 6);
        // Text compresses into dynamic Huffman blocks only, where flipped bits break the code, not just the CRC.
        layer[layer.length / 2] ^= (byte) 0xff;
        layer[layer.length / 2 + 1] ^= (byte) 0x5a;
        String digest;
        try (RegistryImageStore store = registry.repository(repository)) {
            digest = TinyImages.pushSingleLayer(store, tag, tar, layer);
        }
        return new CorruptImage(digest, Digests.sha256(layer));
    }

    record CorruptImage(String manifestDigest, String layerDigest) {
    }

    /** Deletes a manifest through the registry API ({@code DELETE /v2/<name>/manifests/<digest>}). */
    void deleteManifest(String repository, String digest) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://" + registry.host() + "/v2/" + repository + "/manifests/" + digest))
                    .header("Authorization", "Basic " + basicToken())
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("DELETE of " + repository + "@" + digest + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        }
    }

    static String basicToken() {
        return Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An event file in ECR's shape ({@code push-tagged-single-arch.json} with the image's real repository, digest
     * and tag), written to the scratch folder.
     */
    Path event(String repository, String digest, String tag) throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(TestEvents.file("push-tagged-single-arch.json").toFile());
        ObjectNode detail = (ObjectNode) event.path("detail");
        detail.put("repository-name", repository);
        detail.put("image-digest", digest);
        detail.put("image-tag", tag);
        Path file = scratch.resolve("event-" + System.nanoTime() + ".json");
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(event));
        return file;
    }

    /** A run: its own DLQ queue, proxy, bus endpoint and captured streams. */
    Run freshRun() throws IOException {
        String queueUrl = sqs.createQueue(b -> b.queueName("soci-dlq-" + System.nanoTime())).queueUrl();
        return new Run(queueUrl);
    }

    @Override
    public void close() throws IOException {
        sqs.close();
        sqsServer.stopAndWait();
        registry.close();
        FileTrees.deleteTree(scratch);
    }

    final class Run implements AutoCloseable {
        final String queueUrl;
        final TestRegistryProxy proxy;
        final AwsJsonServer bus;
        final EventBridgeClient events;
        final CapturedOutput logs = new CapturedOutput();
        final CapturedOutput emf = new CapturedOutput();

        private Run(String queueUrl) throws IOException {
            this.queueUrl = queueUrl;
            this.proxy = TestRegistryProxy.inFrontOf(registry);
            this.bus = new AwsJsonServer(r -> "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"1\"}]}");
            this.events = EventBridgeClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .endpointOverride(bus.endpoint())
                    .region(Region.EU_CENTRAL_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .build();
        }

        /** The function's settings, with the registry override pointing at the proxy (plain HTTP: loopback). */
        Config config(Map<String, String> extra) {
            Map<String, String> environment = new HashMap<>(Map.of(
                    ConfigKeys.MIN_LAYER_SIZE, Long.toString(MIN_LAYER_SIZE),
                    ConfigKeys.SPAN_SIZE, Long.toString(SPAN_SIZE),
                    ConfigKeys.LAYER_PARALLELISM, "2",
                    ConfigKeys.REGISTRY_ENDPOINT, proxy.host()));
            environment.putAll(extra);
            return Config.fromEnvironment(environment);
        }

        /** Wired as deployed (the real registry client and converter, SQS, EventBridge, EMF), to this run's queue and bus. */
        IndexerHandler handler(Config config, RegistrySettings settings) {
            return handler(config, LambdaWiring.storeFactory(settings), LambdaWiring.converter());
        }

        /** As deployed, with the given registry access and converter (a zTOC cache, a store that tells time). */
        IndexerHandler handler(Config config, StoreFactory stores, Converter converter) {
            return new IndexerHandler(config, stores, registry.credentials(),
                    converter, EmfIndexerMetrics.printingTo(emf.stream),
                    new SqsFailureSink(sqs, queueUrl),
                    new EventBridgeCompletionPublisher(events, BUS, Defaults.EVENT_SOURCE), Clock.systemUTC());
        }

        IndexerHandler handler() {
            return handler(config(Map.of()), FAST_RETRIES);
        }

        JsonNode invoke(IndexerHandler handler, Path event) throws IOException {
            return invoke(handler, event, new LocalContext(Clock.systemUTC(), LocalContext.LAMBDA_MAX_TIMEOUT,
                    logs.stream));
        }

        /** Invokes as the Lambda runtime does, with the function's log output captured. */
        JsonNode invoke(IndexerHandler handler, Path event, Context context) throws IOException {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try (LogRedirect redirect = LogRedirect.to(logs.stream)) {
                handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), response, context);
            }
            return CapturedOutput.parse(response.toString(StandardCharsets.UTF_8));
        }

        List<Message> dlq() {
            return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All")).messages();
        }

        /** The details of the completion events the bus received. */
        List<JsonNode> completions() {
            return bus.requests().stream()
                    .flatMap(r -> {
                        List<JsonNode> details = new ArrayList<>();
                        CapturedOutput.parse(r.body()).path("Entries")
                                .forEach(e -> details.add(CapturedOutput.parse(e.path("Detail").asText())));
                        return details.stream();
                    })
                    .toList();
        }

        /** Requests from index {@code from} of the proxy's log on that change the registry. */
        List<TestRegistryProxy.SeenRequest> writesSince(int from) {
            List<TestRegistryProxy.SeenRequest> seen = proxy.seen();
            return seen.subList(from, seen.size()).stream().filter(r -> WRITE_METHODS.contains(r.method())).toList();
        }

        @Override
        public void close() {
            events.close();
            bus.close();
            proxy.close();
        }
    }

    /** Deterministic text lines: deflate codes them with dynamic Huffman blocks only. */
    static byte[] text(long seed, int size) {
        Random random = new Random(seed);
        String[] words = {"layer", "span", "checkpoint", "gzip", "window", "index", "manifest", "lazy", "blob"};
        StringBuilder text = new StringBuilder(size + 100);
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(1_000_000))
                    .append(random.nextInt(6) == 0 ? '\n' : ' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

}
