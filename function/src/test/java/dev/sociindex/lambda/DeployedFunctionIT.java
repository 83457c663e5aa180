package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.MetricNames;
import dev.sociindex.files.FileTrees;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.report.Json;
import dev.sociindex.testing.AwsJsonServer;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.LocalDynamoDbServer;
import dev.sociindex.testing.OciImages;
import dev.sociindex.testing.RuntimeApiServer;
import dev.sociindex.testing.TcpFront;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The shipped function, run the way AWS runs it: the code asset and the environment from {@code cdk synth}'s
 * template, unpacked as a task root, in a child JVM whose main class is the real AWS Lambda Runtime Interface Client
 * polling a Runtime API served here. The AWS services it calls are local (ElasticMQ as the DLQ, DynamoDB Local as
 * the zTOC cache table, small ECR and EventBridge endpoints), reached through the SDK's per-service endpoint
 * variables; the registry is the real docker-registry, behind a TCP front that can refuse connections. One child JVM
 * serves every event (a Lambda execution environment is reused the same way); only the init failure needs its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedFunctionIT {
    private static final String REGION = "eu-central-1";
    private static final String ACCOUNT = "123456789012";
    private static final String FUNCTION_NAME = "SociIndexBuilder-IndexerFunction";
    private static final String FUNCTION_ARN = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + FUNCTION_NAME;
    private static final String QUEUE = "soci-dlq";
    private static final String TABLE = "soci-ztoc-cache";
    /** What the local ECR endpoint hands out, and the registry's htpasswd holds. */
    private static final String ECR_PASSWORD = "ecr-token-Pa55-3f9e1c";
    private static final String REPOSITORY = "team/web-app";
    private static final String SOURCE_ACCOUNT = "111111111111";
    private static final String SOURCE_ROLE = "arn:aws:iam::111111111111:role/soci-reader";
    private static final String TAG = "v1.4.2";
    /** As Lambda's java21 runtime sets them. */
    private static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final Duration RESULT_LIMIT = Duration.ofMinutes(2);
    private static final int WARM_INVOCATIONS = 200;
    /**
     * One cycle of the warm invocations, repeated: conversions, repeats, skips, failures, a registry that resets
     * every connection, and one that drops them mid-download (the layer's conversion has started: its workers and
     * streams are open when the invocation fails).
     */
    private static final List<String> WARM_MIX = List.of("convert", "repeat", "failed-push", "malformed", "own-output",
            "cross-account", "cut-mid-layer", "malformed", "failed-push", "convert", "repeat", "own-output", "malformed",
            "cross-account", "repeat", "failed-push", "convert", "malformed", "repeat", "dropped-connections");
    private static final Map<String, String> WARM_EXPECTED = Map.of("convert", "indexed", "cross-account", "indexed",
            "repeat", "skipped", "own-output", "skipped", "failed-push", "skipped", "malformed", "failed",
            "dropped-connections", "error", "cut-mid-layer", "error");
    /** What the registry front lets through per connection in the cut-mid-layer case: the small requests, not a layer. */
    private static final long CUT_AFTER_BYTES = 1 << 20;
    /**
     * Threads of one conversion, by their names as {@code /proc} shows them (cut to 15 characters): the layer workers
     * and the registry client's body watchdog. None may outlive the invocation that started it.
     */
    private static final List<String> CONVERSION_THREADS = List.of("soci-layer-", "registry-body-w");
    /** The lines of a Java stack trace after its first. */
    private static final java.util.regex.Pattern STACK_TRACE_LINE =
            java.util.regex.Pattern.compile("\\tat |Caused by: |\\t\\.\\.\\. \\d+ more|Suppressed: ");

    private Path scratch;
    private SynthesizedFunction function;
    private Path taskRoot;
    private LocalRegistry registry;
    private TcpFront front;
    private SQSRestServer sqsServer;
    private SqsClient sqs;
    private String queueUrl;
    private LocalDynamoDbServer dynamo;
    private DynamoDbClient dynamoClient;
    private AwsJsonServer ecr;
    private AwsJsonServer events;
    private AwsJsonServer sts;
    private RuntimeApiServer runtimeApi;
    private RuntimeClientProcess child;
    private Duration coldStart;
    /** The {@code errorMessage} of every error result the runtime client posted. */
    private final List<String> errorMessages = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    void startTheWorldAndTheFunction() throws Exception {
        Instant begin = Instant.now();
        scratch = Files.createTempDirectory("deployed-function");
        function = SynthesizedFunction.fromCdkOut();
        // The slow parts (unpacking the asset, ElasticMQ's actor system, DynamoDB Local) start side by side.
        CompletableFuture<Path> unpacked = async(() -> unpack(function.asset(),
                Files.createDirectories(scratch.resolve("task"))));
        CompletableFuture<SQSRestServer> sqsStarted = async(() -> {
            SQSRestServer server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
            server.waitUntilStarted();
            return server;
        });
        CompletableFuture<LocalDynamoDbServer> dynamoStarted = async(LocalDynamoDbServer::start);
        registry = LocalRegistry.startWithBasicAuth("AWS", ECR_PASSWORD);
        front = new TcpFront(registry.port());
        ecr = new AwsJsonServer(request -> "{\"authorizationData\":[{\"authorizationToken\":\""
                + Base64.getEncoder().encodeToString(("AWS:" + ECR_PASSWORD).getBytes(StandardCharsets.UTF_8))
                + "\",\"expiresAt\":" + Instant.now().plus(Duration.ofHours(12)).getEpochSecond()
                + ",\"proxyEndpoint\":\"https://" + ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com\"}]}");
        events = new AwsJsonServer(request -> "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}");
        sts = new AwsJsonServer(request -> StsAnswers.assumeRoleGranted(Instant.now().plus(Duration.ofHours(1))));
        pushImage("layout", 31, TAG);

        sqsServer = sqsStarted.get();
        URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort());
        sqs = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(sqsEndpoint)
                .region(Region.of(REGION)).credentialsProvider(testCredentials()).build();
        queueUrl = sqs.createQueue(b -> b.queueName(QUEUE)).queueUrl();
        dynamo = dynamoStarted.get();
        dynamoClient = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(dynamo.endpoint()).region(Region.of(REGION)).credentialsProvider(testCredentials())
                .build();
        dynamoClient.createTable(t -> t.tableName(TABLE)
                .keySchema(k -> k.attributeName("key").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("key").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        taskRoot = unpacked.get();
        System.out.println("runtime test: local services, image and task root ready in "
                + Duration.between(begin, Instant.now()).toMillis() + " ms");
        runtimeApi = new RuntimeApiServer(FUNCTION_ARN);
        child = RuntimeClientProcess.start(taskRoot, function.handler(), environment(runtimeApi, Map.of()),
                jvmOptions());
    }

    @FunctionalInterface
    private interface Setup<T> {
        T run() throws Exception;
    }

    private static <T> CompletableFuture<T> async(Setup<T> setup) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("runtime-test-setup").start(() -> {
            try {
                result.complete(setup.run());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (child != null) {
            child.close();
            // kept for whoever reads a failure: the child's output is the only record of what the function did
            Path target = Path.of(System.getProperty("basedir", ""), "target");
            Files.write(target.resolve("runtime-client-stdout.log"), child.stdout());
            Files.write(target.resolve("runtime-client-stderr.log"), child.stderr());
        }
        for (AutoCloseable closeable : new AutoCloseable[] {runtimeApi, sts, events, ecr, dynamoClient, dynamo, sqs,
                front, registry}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (sqsServer != null) {
            sqsServer.stopAndWait();
        }
        if (scratch != null) {
            FileTrees.deleteTree(scratch);
        }
    }

    @Test
    @Order(1)
    void aTaggedPushIsIndexedUnderTheRuntimeClientWithJsonLogsEmfTheCacheAndTheCompletionEvent() throws Exception {
        Invocation run = invoke(event(REPOSITORY, digestOf(TAG), TAG));
        coldStart = Duration.between(child.started(), run.result().at());

        JsonNode response = run.response();
        assertEquals("indexed", response.path("status").asText(), run.toString());
        try (RegistryImageStore store = registry.repository(REPOSITORY)) {
            VerificationReport report = new ImageVerifier(store).verify(TAG + "-soci");
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(1, report.ztocs(), "the one layer above the stack's 10 MiB minimum");
        }
        JsonNode completion = onlyCompletionEvent();
        assertEquals(REPOSITORY, completion.path("detail").path("repository").asText());
        assertEquals(response.path("completion").path("outputDigest").asText(),
                completion.path("detail").path("outputDigest").asText());
        assertEquals("default", completion.path("bus").asText(), "the template's SOCI_EVENT_BUS_NAME");
        assertEquals(1, ecr.requests().size(), "one ECR login for the registry: " + ecr.requests());
        assertTrue(ecr.requests().getFirst().target().endsWith(".GetAuthorizationToken"), ecr.requests().toString());
        assertEquals(1, dynamoClient.scan(s -> s.tableName(TABLE)).count(), "the indexed layer's zTOC is cached");

        List<JsonNode> logs = run.logLines();
        assertFalse(logs.isEmpty(), "no JSON log line carries request id " + run.requestId() + ": " + run.output());
        JsonNode outcome = lineWith(logs, "outcome", "indexed");
        assertEquals("INFO", outcome.path("level").asText(), outcome.toString());
        assertEquals(REPOSITORY, outcome.path("repository").asText(), outcome.toString());
        assertEquals(FUNCTION_NAME, outcome.path("function_name").asText(), outcome.toString());
        assertTrue(outcome.path("cold_start").asBoolean(), "the first invocation is the cold start: " + outcome);
        assertEquals(Optional.of(MetricNames.IMAGES_INDEXED), run.metricNamed(MetricNames.IMAGES_INDEXED));
        System.out.println("runtime test: cold start (child JVM start to first response) " + coldStart.toMillis()
                + " ms; outcome log line: " + outcome);
    }

    @Test
    @Order(2)
    void theSamePushAgainIsAlreadyIndexedAndTheFailedPushIsSkipped() throws Exception {
        Invocation again = invoke(event(REPOSITORY, digestOf(TAG), TAG));
        assertEquals("skipped", again.response().path("status").asText(), again.toString());
        assertEquals(SkipReason.ALREADY_INDEXED.label(), again.response().path("reason").asText());
        assertFalse(lineWith(again.logLines(), "outcome", "skipped").path("cold_start").asBoolean());

        Invocation failedPush = invoke(Files.readAllBytes(TestEvents.file("push-failed.json")));
        assertEquals("skipped", failedPush.response().path("status").asText(), failedPush.toString());
        assertEquals(failedPush.response().path("reason").asText(),
                lineWith(failedPush.logLines(), "outcome", "skipped").path("reason").asText());
        assertEquals(Optional.of(MetricNames.IMAGES_SKIPPED), failedPush.metricNamed(MetricNames.IMAGES_SKIPPED));
        assertEquals(1, completionEvents().size(), "skips announce nothing");
        assertEquals(List.of(), dlq());
    }

    @Test
    @Order(3)
    void aMalformedEventIsOneDlqRecordWithTheReasonAndTheRequestId() throws Exception {
        byte[] payload = Files.readAllBytes(TestEvents.file("malformed-not-json.json"));
        Invocation run = invoke(payload);

        assertEquals("failed", run.response().path("status").asText(), "returned normally: no Lambda retry");
        List<Message> messages = dlq();
        assertEquals(1, messages.size(), messages.toString());
        JsonNode record = Json.MAPPER.readTree(messages.getFirst().body());
        assertEquals(new String(payload, StandardCharsets.UTF_8), record.path("originalEvent").asText());
        assertEquals(MalformedEventException.class.getSimpleName(), record.path("errorType").asText());
        assertFalse(record.path("message").asText().isBlank(), record.toString());
        assertEquals(run.requestId(), record.path("requestId").asText(), record.toString());
        JsonNode line = lineWith(run.logLines(), "outcome", "failed");
        assertEquals("ERROR", line.path("level").asText(), line.toString());
        assertEquals(Optional.of(MetricNames.IMAGES_FAILED), run.metricNamed(MetricNames.IMAGES_FAILED));
        System.out.println("runtime test: DLQ record body: " + messages.getFirst().body());
    }

    @Test
    @Order(4)
    void aRegistryThatRefusesConnectionsIsAnErrorResponseSoLambdaRetries() throws Exception {
        front.refuse();
        Invocation run;
        try {
            run = invoke(event(REPOSITORY, digestOf(TAG), "v9-refused"));
        } finally {
            front.forward();
        }
        assertTrue(run.result().error(), "an error response, which Lambda retries: " + run);
        JsonNode error = Json.MAPPER.readTree(run.result().body());
        assertFalse(error.path("errorMessage").asText().isBlank(), error.toString());
        JsonNode line = lineWith(run.logLines(), "outcome", "failed");
        assertEquals("WARN", line.path("level").asText(), line.toString());
        assertEquals(Optional.of(MetricNames.TRANSIENT_FAILURES), run.metricNamed(MetricNames.TRANSIENT_FAILURES));
        assertEquals(List.of(), dlq(), "transient failures go to the DLQ only through Lambda's on-failure destination");
    }

    @Test
    @Order(6)
    void everyLineOnStdoutIsJsonAndNothingButTheJvmNoticeIsOnStderr() {
        // The runtime client itself prints the error it reports for a failed invocation, as text (Lambda's log
        // format for the function is text): that line is its own, not the function's.
        List<String> reported = errorMessages;
        List<String> notJson = new ArrayList<>();
        for (String line : child.stdout()) {
            boolean runtimeClientReport = !reported.isEmpty() && (reported.stream().anyMatch(line::contains)
                    || STACK_TRACE_LINE.matcher(line).lookingAt());
            if (!line.isBlank() && !isJsonObject(line) && !runtimeClientReport) {
                notJson.add(line);
            }
        }
        assertEquals(List.of(), notJson, "stdout lines that are not JSON, besides the runtime client's error"
                + " reports " + reported);
        List<String> stderr = child.stderr().stream()
                .filter(line -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS:")).toList();
        assertEquals(List.of(), stderr, "stderr besides the JVM's notice");
    }

    @Test
    @Order(5)
    void twoHundredWarmInvocationsLeaveNoThreadsDescriptorsHeapOrFilesBehind() throws Exception {
        ManifestData image;
        try (RegistryImageStore store = registry.repository(REPOSITORY)) {
            image = store.getManifest(TAG).orElseThrow();
        }
        // Its layer is never indexed (every attempt is cut), so it is never in the zTOC cache: each cut-mid-layer
        // event reads it again.
        String uncachedDigest = pushImage("layout-cut", 47, "warm-cut");
        byte[] failedPush = Files.readAllBytes(TestEvents.file("push-failed.json"));
        List<byte[]> malformed = List.of(Files.readAllBytes(TestEvents.file("malformed-not-json.json")),
                Files.readAllBytes(TestEvents.file("malformed-missing-detail.json")),
                Files.readAllBytes(TestEvents.file("malformed-wrong-types.json")));
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        Sample atTwenty = null;
        Sample atMiddle = null;
        Map<String, Long> histogramAtMiddle = Map.of();
        for (int i = 1; i <= WARM_INVOCATIONS; i++) {
            String kind = WARM_MIX.get(i % WARM_MIX.size());
            byte[] event = switch (kind) {
                case "convert", "cross-account" -> {
                    String tag = "warm-" + i;
                    try (RegistryImageStore store = registry.repository(REPOSITORY)) {
                        store.putManifest(tag, image);
                    }
                    yield kind.equals("convert") ? event(REPOSITORY, image.digest(), tag)
                            : event(REPOSITORY, image.digest(), tag, SOURCE_ACCOUNT);
                }
                case "repeat" -> event(REPOSITORY, image.digest(), TAG);
                case "own-output" -> event(REPOSITORY, image.digest(), TAG + "-soci");
                case "failed-push" -> failedPush;
                case "malformed" -> malformed.get(i % malformed.size());
                case "dropped-connections" -> event(REPOSITORY, image.digest(), "warm-dropped-" + i);
                case "cut-mid-layer" -> event(REPOSITORY, uncachedDigest, "warm-cut-" + i);
                default -> throw new IllegalStateException(kind);
            };
            if (kind.equals("dropped-connections")) {
                front.reset();
            }
            if (kind.equals("cut-mid-layer")) {
                front.cutAfter(CUT_AFTER_BYTES);
            }
            Invocation run;
            try {
                run = invoke(event);
            } finally {
                front.forward();
            }
            String outcome = run.result().error() ? "error" : run.response().path("status").asText();
            assertEquals(WARM_EXPECTED.get(kind), outcome, kind + " #" + i + ": " + run);
            if (kind.equals("cut-mid-layer")) {
                String message = errorMessages.getLast();
                assertTrue(message.contains("blob " + uncachedLayer(uncachedDigest)), "failed while downloading the"
                        + " layer, not before: " + message);
            }
            outcomes.merge(kind + "->" + outcome, 1, Integer::sum);
            assertNothingLeftBehind(kind + " #" + i + " (" + outcome + ")");
            if (i == 20) {
                atTwenty = sample();
            }
            if (i == WARM_INVOCATIONS / 2 + 10) {
                atMiddle = sample();
                histogramAtMiddle = child.classHistogram();
            }
        }
        Sample atEnd = sample();
        String grown = largestGrowth(histogramAtMiddle, child.classHistogram());
        String figures = "warm reuse, invocation 20 -> " + WARM_INVOCATIONS + ": threads " + atTwenty.threads()
                + " -> " + atEnd.threads() + ", open fds " + atTwenty.fds() + " -> " + atEnd.fds()
                + ", heap after full GC " + atTwenty.heapKib() + " KiB -> " + atMiddle.heapKib() + " KiB (at "
                + (WARM_INVOCATIONS / 2 + 10) + ") -> " + atEnd.heapKib() + " KiB ("
                + String.format("%+.1f%%", 100.0 * (atEnd.heapKib() - atTwenty.heapKib()) / atTwenty.heapKib())
                + "); temp files " + atTwenty.tempFiles().size() + " -> " + atEnd.tempFiles().size()
                + "; outcomes " + outcomes + "; STS AssumeRole calls " + sts.requests().size()
                + "; classes that grew most from " + (WARM_INVOCATIONS / 2 + 10) + " (bytes): " + grown;
        System.out.println("runtime test: " + figures);
        assertTrue(atEnd.threads() - atTwenty.threads() <= 5, figures);
        assertTrue(atEnd.fds() - atTwenty.fds() <= 5, figures);
        // Registry HTTP clients are shared per JVM (RegistryHttpClients): one per invocation grew this heap by about
        // 19 KiB per invocation (+27% from the 20th to the 200th), as the JDK never freed them.
        assertTrue(atEnd.heapKib() <= atTwenty.heapKib() * 1.10, figures);
        assertEquals(atTwenty.tempFiles(), atEnd.tempFiles(), "files the invocations left in the temp folder");
        assertEquals(1, sts.requests().size(), "one AssumeRole for the source account's role, reused warm");
        assertTrue(child.isAlive());
    }

    private record Sample(int threads, int fds, long heapKib, List<String> tempFiles) {
    }

    /** The ten classes whose instances grew most, to say where heap growth went. */
    private static String largestGrowth(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .map(e -> e.getKey() + " +" + e.getValue())
                .toList().toString();
    }

    private Sample sample() throws Exception {
        List<String> files = tempFiles();
        long heap = child.heapAfterFullGcKib();
        return new Sample(child.threads(), child.openFileDescriptors(), heap, files);
    }

    /** What is in the child's temp folder (its /tmp, where spill files go too), relative to it. */
    private List<String> tempFiles() throws IOException {
        Path tmp = scratch.resolve("tmp");
        try (var listing = Files.walk(tmp)) {
            return listing.filter(p -> !p.equals(tmp)).map(p -> tmp.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * Nothing of an invocation survives it: no file in the temp folder, no thread of its conversion. A pool's
     * threads end shortly after its shutdown, so they get two seconds.
     */
    private void assertNothingLeftBehind(String invocation) throws Exception {
        Instant deadline = Instant.now().plusSeconds(2);
        List<String> left = leftovers();
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            left = leftovers();
        }
        assertEquals(List.of(), left, invocation + " left these behind in the execution environment");
    }

    private List<String> leftovers() throws IOException {
        List<String> left = new ArrayList<>(tempFiles());
        child.threadNames().stream().filter(name -> CONVERSION_THREADS.stream().anyMatch(name::startsWith))
                .map(name -> "thread " + name).forEach(left::add);
        return left;
    }

    /** The digest of the one layer of the cut-mid-layer image that is large enough to index. */
    private String uncachedLayer(String imageDigest) throws IOException {
        try (RegistryImageStore store = registry.repository(REPOSITORY)) {
            JsonNode manifest = Json.MAPPER.readTree(store.getManifest(imageDigest).orElseThrow().bytes());
            for (JsonNode layer : manifest.path("layers")) {
                if (layer.path("size").asLong() >= 10 << 20) {
                    return layer.path("digest").asText();
                }
            }
        }
        throw new IllegalStateException("the cut-mid-layer image has no layer of 10 MiB or more");
    }

    @Test
    @Order(7)
    void anInvalidConfigurationVariableIsReportedAsTheInitError() throws Exception {
        try (RuntimeApiServer api = new RuntimeApiServer(FUNCTION_ARN);
             RuntimeClientProcess broken = RuntimeClientProcess.start(taskRoot, function.handler(),
                     environment(api, Map.of("SOCI_SPAN_SIZE", "four-megabytes")), jvmOptions())) {
            RuntimeApiServer.Result init = api.initError().get(RESULT_LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, broken.awaitExit(Duration.ofSeconds(30)));
            JsonNode error = Json.MAPPER.readTree(init.body());
            assertTrue(error.path("errorMessage").asText().contains("SOCI_SPAN_SIZE"), init.body());
            assertTrue(error.path("errorMessage").asText().contains("four-megabytes"), init.body());
        }
    }

    // --- the invocation and what it left behind --------------------------------------------------------------

    /** One invocation: its result, and the child's output lines that it produced (between queueing and result). */
    private record Invocation(String requestId, RuntimeApiServer.Result result, List<String> output) {
        JsonNode response() throws IOException {
            return Json.MAPPER.readTree(result.body());
        }

        /** Log lines (JSON, not EMF) carrying this invocation's request id. */
        List<JsonNode> logLines() {
            return output.stream().filter(DeployedFunctionIT::isJsonObject).map(CapturedOutput::parse)
                    .filter(n -> !n.has("_aws"))
                    .filter(n -> requestId.equals(n.path("function_request_id").asText()))
                    .toList();
        }

        Optional<String> metricNamed(String name) {
            return output.stream().filter(DeployedFunctionIT::isJsonObject).map(CapturedOutput::parse)
                    .filter(n -> n.has("_aws") && n.has(name)).map(n -> name).findFirst();
        }
    }

    private Invocation invoke(byte[] event) throws Exception {
        String requestId = UUID.randomUUID().toString();
        int before = child.stdout().size();
        RuntimeApiServer.Result result = runtimeApi.invoke(requestId, event, function.timeout())
                .get(RESULT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        // The function writes its lines before the runtime client posts the result; give the pipe time to drain.
        if (result.error()) {
            errorMessages.add(Json.MAPPER.readTree(result.body()).path("errorMessage").asText());
        }
        List<String> output = awaitOutput(before, requestId);
        return new Invocation(requestId, result, output);
    }

    private List<String> awaitOutput(int from, String requestId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            List<String> lines = child.stdout();
            List<String> mine = lines.subList(from, lines.size());
            boolean outcomeLogged = mine.stream().anyMatch(l -> l.contains(requestId) && l.contains("\"outcome\""));
            if (outcomeLogged || Instant.now().isAfter(deadline)) {
                Thread.sleep(100);
                List<String> settled = child.stdout();
                return List.copyOf(settled.subList(from, settled.size()));
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode lineWith(List<JsonNode> lines, String field, String value) {
        return lines.stream().filter(n -> value.equals(n.path(field).asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no log line with " + field + "=" + value + " in " + lines));
    }

    static boolean isJsonObject(String line) {
        if (!line.startsWith("{")) {
            return false;
        }
        try {
            return Json.MAPPER.readTree(line).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private List<Message> dlq() {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All")).messages();
    }

    /** Every PutEvents entry the bus endpoint received: source, detail type, bus and the parsed detail. */
    private List<JsonNode> completionEvents() {
        List<JsonNode> entries = new ArrayList<>();
        for (AwsJsonServer.Request request : events.requests()) {
            for (JsonNode entry : CapturedOutput.parse(request.body()).path("Entries")) {
                ObjectNode event = Json.MAPPER.createObjectNode();
                event.put("source", entry.path("Source").asText());
                event.put("detailType", entry.path("DetailType").asText());
                event.put("bus", entry.path("EventBusName").asText());
                event.set("detail", CapturedOutput.parse(entry.path("Detail").asText()));
                entries.add(event);
            }
        }
        return entries;
    }

    private JsonNode onlyCompletionEvent() {
        List<JsonNode> all = completionEvents();
        assertEquals(1, all.size(), all.toString());
        return all.getFirst();
    }

    // --- the world --------------------------------------------------------------------------------------------

    /** The template's variables with local stand-ins, Lambda's own variables, and the registry override. */
    private Map<String, String> environment(RuntimeApiServer api, Map<String, String> changes) {
        Map<String, String> environment = new HashMap<>(function.environment(type -> switch (type) {
            case "AWS::SQS::Queue" -> queueUrl;
            case "AWS::DynamoDB::Table" -> TABLE;
            default -> null;
        }));
        environment.put("SOCI_REGISTRY_ENDPOINT", front.host());
        // What the stack sets when synthesized with a source account (context sourceAccountRoles); the default
        // synth sets it empty. Forwarded events of that account go through its role and the local STS.
        assertEquals("", environment.get(ConfigKeys.SOURCE_ACCOUNT_ROLES), "the template's value");
        environment.put(ConfigKeys.SOURCE_ACCOUNT_ROLES, SOURCE_ACCOUNT + "=" + SOURCE_ROLE);
        // Lambda's /tmp is the execution environment's own; here that is the child's temp folder, where the
        // leftover checks look.
        assertEquals("/tmp", environment.get(ConfigKeys.SPILL_DIRECTORY), "the template's value");
        environment.put(ConfigKeys.SPILL_DIRECTORY, createTmp().toString());
        environment.putAll(changes);
        environment.putAll(Map.ofEntries(
                Map.entry("AWS_LAMBDA_RUNTIME_API", api.address()),
                Map.entry("_HANDLER", function.handler()),
                Map.entry("LAMBDA_TASK_ROOT", taskRoot.toString()),
                Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_java21"),
                Map.entry("AWS_REGION", REGION),
                Map.entry("AWS_DEFAULT_REGION", REGION),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb())),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME),
                Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/01/[$LATEST]0123456789abcdef"),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                Map.entry("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEFUNCTION"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "function-role-secret"),
                Map.entry("AWS_SESSION_TOKEN", "function-role-session"),
                Map.entry("AWS_ENDPOINT_URL_ECR", ecr.endpoint().toString()),
                Map.entry("AWS_ENDPOINT_URL_SQS", sqsUrlRoot()),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString()),
                Map.entry("AWS_ENDPOINT_URL_EVENTBRIDGE", events.endpoint().toString()),
                Map.entry("AWS_ENDPOINT_URL_STS", sts.endpoint().toString()),
                Map.entry("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS),
                Map.entry("TZ", ":UTC"),
                Map.entry("LANG", "en_US.UTF-8"),
                Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin"),
                Map.entry("TMPDIR", createTmp().toString())));
        return environment;
    }

    /** The child's temp folder (Lambda's /tmp): the warm test checks that invocations leave nothing in it. */
    private Path createTmp() {
        try {
            return Files.createDirectories(scratch.resolve("tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String sqsUrlRoot() {
        URI url = URI.create(queueUrl);
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /** The runtime's JVM options that matter here (the heap scaled to this machine) and its temp folder. */
    private List<String> jvmOptions() {
        // JDK 22+ warns when the runtime client loads its JNI library; java21 has no such notice. Allowing it keeps
        // stderr to what Lambda would show.
        return List.of("--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.net.preferIPv4Stack=true",
                "-Djava.io.tmpdir=" + createTmp());
    }

    private static StaticCredentialsProvider testCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /**
     * Pushes an image with one layer above the stack's {@code SOCI_MIN_LAYER_SIZE} (10 MiB; random bytes from
     * {@code seed}, so the gzip layer stays that large) and a tiny one below it; returns its digest.
     */
    private String pushImage(String layoutName, int seed, String tag) throws IOException {
        Path layout = scratch.resolve(layoutName);
        if (!Files.isDirectory(layout)) {
            OciImages.create(layout, "v1", "amd64", List.of(
                    Map.of("etc/motd", "welcome\n".getBytes(StandardCharsets.UTF_8)),
                    Map.of("opt/app/blob.bin", Encoders.randomBytes(seed, 11 << 20),
                            "opt/app/notes.txt", RegistryWorld.text(seed + 1, 300_000))));
        }
        registry.push(layout, "v1", REPOSITORY, tag);
        return digestOf(tag);
    }

    private String digestOf(String tag) throws IOException {
        try (RegistryImageStore store = registry.repository(REPOSITORY)) {
            return store.getManifest(tag).map(ManifestData::digest).orElseThrow();
        }
    }

    private static byte[] event(String repository, String digest, String tag) throws IOException {
        return event(repository, digest, tag, ACCOUNT);
    }

    /** An ECR push event of {@code account} (another account's events reach the bus by forwarding). */
    private static byte[] event(String repository, String digest, String tag, String account) throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(TestEvents.file("push-tagged-single-arch.json").toFile());
        event.put("account", account);
        event.put("region", REGION);
        ObjectNode detail = (ObjectNode) event.path("detail");
        detail.put("repository-name", repository);
        detail.put("image-digest", digest);
        detail.put("image-tag", tag);
        return Json.MAPPER.writeValueAsBytes(event);
    }

    /** Unpacks the asset as Lambda does: the deployment package's entries under the task root. */
    private static Path unpack(Path asset, Path root) throws IOException {
        try (InputStream in = Files.newInputStream(asset); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("asset entry " + entry.getName() + " escapes the task root");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return root;
    }
}
