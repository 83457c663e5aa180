package dev.sociindex.lambda;

import dev.sociindex.lambda.local.LocalContext;
import dev.sociindex.lambda.local.LogRedirect;
import dev.sociindex.aws.SqsFailureSink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.MetricNames;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.registry.Credentials;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Lambda path end to end: ECR-shaped events against the real distribution registry (standing in for ECR through
 * the registry override), the real registry client and converter, the DLQ in a real SQS queue, and the completion
 * event through the EventBridge client. Each test uses its own repository, queue and proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaEndToEndTest {
    private static final String TAG = "v1.4.2";
    private static final String OUTPUT_TAG = "v1.4.2-soci";
    /** A header as any HTTP library or log layout would print it ({@code Authorization: ...}, JSON, maps), or a scheme. */
    private static final Pattern AUTHORIZATION_HEADER =
            Pattern.compile("(?i)authorization\\W{0,3}[:=]|\\b(basic|bearer) [A-Za-z0-9+/=._-]{8,}");

    private RegistryWorld world;
    private RegistryWorld.Run run;

    @BeforeAll
    void startWorld() throws IOException {
        world = RegistryWorld.start();
    }

    @AfterAll
    void stopWorld() throws IOException {
        world.close();
    }

    @BeforeEach
    void freshRun() throws IOException {
        run = world.freshRun();
    }

    @AfterEach
    void closeRun() {
        run.close();
    }

    private static String repository() {
        return "team/e2e-" + System.nanoTime();
    }

    private RegistryImageStore store(String repository) {
        return world.registry.repository(repository);
    }

    @Test
    void aTaggedPushIsIndexedVerifiedAndAnnouncedWithItsDigests() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);

        JsonNode response = run.invoke(run.handler(), world.event(repository, source.digest(), TAG));

        assertEquals("indexed", response.path("status").asText(), response.toString());
        ManifestData output;
        try (RegistryImageStore store = store(repository)) {
            output = store.getManifest(OUTPUT_TAG).orElseThrow(() -> new AssertionError("no " + OUTPUT_TAG));
            VerificationReport report = new ImageVerifier(store).verify(OUTPUT_TAG);
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(1, report.sociIndexes());
            assertEquals(expectedIndexedLayers(source).size(), report.ztocs());
        }
        List<JsonNode> completions = run.completions();
        assertEquals(1, completions.size(), completions.toString());
        JsonNode event = completions.getFirst();
        assertEquals(repository, event.path("repository").asText());
        assertEquals(TAG, event.path("sourceTag").asText());
        assertEquals(source.digest(), event.path("sourceDigest").asText());
        assertEquals(OUTPUT_TAG, event.path("outputTag").asText());
        assertEquals(output.digest(), event.path("outputDigest").asText(), "the digest the tag now names");
        assertEquals(1, event.path("platforms").size());
        JsonNode platform = event.path("platforms").get(0);
        assertEquals("linux/amd64", platform.path("platform").asText());
        assertEquals(sociIndexDigestIn(output), platform.path("sociIndexDigest").asText());
        assertEquals(imageManifestDigestIn(output), platform.path("manifestDigest").asText());
        assertEquals(2, event.path("layersIndexed").asInt(), "the fixture's two larger layers");
        assertEquals(expectedIndexedLayers(source).size(), event.path("layersIndexed").asInt());
        assertEquals(1, event.path("layersSkipped").asInt(), "the tiny layer");
        assertTrue(event.path("durationMs").isIntegralNumber() && event.path("durationMs").asLong() >= 0, event.toString());
        assertTrue(run.dlq().isEmpty());
    }

    @Test
    void theSameEventAgainIsAlreadyIndexedAndUploadsNothing() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        Path event = world.event(repository, source.digest(), TAG);
        assertEquals("indexed", run.invoke(run.handler(), event).path("status").asText());
        assertFalse(run.writesSince(0).isEmpty(), "the first run wrote the index");
        int before = run.proxy.seen().size();

        JsonNode again = run.invoke(run.handler(), event);

        assertEquals("skipped", again.path("status").asText(), again.toString());
        assertEquals(SkipReason.ALREADY_INDEXED.label(), again.path("reason").asText());
        assertTrue(run.proxy.seen().size() > before, "the second run did look at the registry");
        assertEquals(List.of(), run.writesSince(before), "no POST, PUT or PATCH on the second run");
        assertEquals(1, run.completions().size(), "no second completion event");
    }

    @Test
    void ownOutputUntaggedAndFilterMismatchAreSkippedWithoutTouchingTheRegistry() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        assertEquals("indexed", run.invoke(run.handler(), world.event(repository, source.digest(), TAG))
                .path("status").asText());
        String outputDigest;
        try (RegistryImageStore store = store(repository)) {
            outputDigest = store.getManifest(OUTPUT_TAG).orElseThrow().digest();
        }
        int before = run.proxy.seen().size();

        JsonNode ownOutput = run.invoke(run.handler(), world.event(repository, outputDigest, OUTPUT_TAG));
        JsonNode untagged = run.invoke(run.handler(), world.event(repository, source.digest(), ""));
        IndexerHandler onlyOtherTeams = run.handler(run.config(Map.of(ConfigKeys.FILTERS, "other-team/*:*")),
                RegistryWorld.FAST_RETRIES);
        JsonNode mismatch = run.invoke(onlyOtherTeams, world.event(repository, source.digest(), TAG));

        assertEquals(List.of("output-tag", "untagged", "filter-mismatch"), Stream.of(ownOutput, untagged, mismatch)
                .map(r -> r.path("status").asText() + ":" + r.path("reason").asText())
                .map(s -> s.substring("skipped:".length())).toList());
        assertEquals(before, run.proxy.seen().size(), "guards decide before any registry call");
        PublishedMetrics metrics = PublishedMetrics.of(run.emf);
        assertEquals(Set.of("output-tag", "untagged", "filter-mismatch"), metrics.all(MetricNames.IMAGES_SKIPPED)
                .stream().map(p -> p.dimensionValues().get(MetricNames.DIMENSION_REASON)).collect(Collectors.toSet()));
        assertEquals(1, run.completions().size(), "only the first run announced an index");
        assertTrue(run.dlq().isEmpty());
    }

    @Test
    void aCorruptLayerIsOneDlqRecordNamingTheLayerAndOffsetAndIsNotRetried() throws Exception {
        String repository = repository();
        RegistryWorld.CorruptImage image = world.pushCorruptImage(repository, TAG);
        Path eventFile = world.event(repository, image.manifestDigest(), TAG);

        JsonNode response = run.invoke(run.handler(), eventFile);

        assertEquals("failed", response.path("status").asText(), "returned normally: Lambda does not retry");
        List<Message> messages = run.dlq();
        assertEquals(1, messages.size(), messages.toString());
        JsonNode record = CapturedOutput.parse(messages.getFirst().body());
        assertEquals("LayerFormatException", record.path("errorType").asText());
        assertEquals("LayerFormatException", messages.getFirst().messageAttributes().get("ErrorType").stringValue());
        String message = record.path("message").asText();
        assertTrue(message.contains(image.layerDigest()), "names the layer: " + message);
        assertTrue(message.matches(".*at compressed offset \\d+.*"), "names the offset: " + message);
        assertEquals(Files.readString(eventFile), record.path("originalEvent").asText());
        assertEquals(image.manifestDigest(), record.path("digest").asText());
        assertEquals(List.of(), run.writesSince(0), "nothing written for an image that cannot be indexed");
        assertEquals("LayerFormatException", PublishedMetrics.of(run.emf).once(MetricNames.IMAGES_FAILED)
                .dimensionValues().get(MetricNames.DIMENSION_ERROR_TYPE));
        assertTrue(run.completions().isEmpty());
    }

    @Test
    void anUnreachableRegistryIsTransientThrownForLambdaToRetryAndNotInTheDlq() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        IndexerHandler handler = run.handler(run.config(Map.of(ConfigKeys.REGISTRY_ENDPOINT,
                "127.0.0.1:" + closedPort)), RegistryWorld.FAST_RETRIES);
        Path event = world.event("team/web-app", "sha256:" + "ab".repeat(32), TAG);

        IOException thrown = assertThrows(IOException.class, () -> run.invoke(handler, event));

        Failure failure = new FailureClassifier().classify(thrown);
        assertTrue(failure.isTransient(), "classified transient: " + thrown);
        assertTrue(run.dlq().isEmpty(), "Lambda retries it; the DLQ gets it only after the retries");
        PublishedMetrics metrics = PublishedMetrics.of(run.emf);
        assertEquals(failure.errorType(), metrics.once(MetricNames.TRANSIENT_FAILURES).dimensionValues()
                .get(MetricNames.DIMENSION_ERROR_TYPE));
        assertEquals(List.of(), metrics.all(MetricNames.IMAGES_FAILED), "ImagesFailed is for the DLQ only");
    }

    @Test
    void anImageDeletedBeforeTheConversionIsAPermanentImageNotFound() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        Path event = world.event(repository, source.digest(), TAG);
        world.deleteManifest(repository, source.digest());

        JsonNode response = run.invoke(run.handler(), event);

        assertEquals("failed", response.path("status").asText(), response.toString());
        List<Message> messages = run.dlq();
        assertEquals(1, messages.size());
        JsonNode record = CapturedOutput.parse(messages.getFirst().body());
        assertEquals("ImageNotFoundException", record.path("errorType").asText());
        assertTrue(record.path("message").asText().endsWith(repository + "@" + source.digest() + ": no such image"),
                record.path("message").asText());
        assertEquals(List.of(), run.writesSince(0));
    }

    @Test
    void littleTimeLeftIsATransientBudgetFailureThatWritesNothing() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        Path event = world.event(repository, source.digest(), TAG);
        LocalContext fiveSeconds = new LocalContext(Clock.systemUTC(), Duration.ofSeconds(5), run.logs.stream);

        TimeBudgetExceededException e = assertThrows(TimeBudgetExceededException.class,
                () -> run.invoke(run.handler(), event, fiveSeconds));

        assertTrue(e.getMessage().startsWith("not starting the conversion: "), e.getMessage());
        assertEquals(List.of(), run.proxy.seen(), "not a single registry call");
        assertNoOutputTag(repository);
        assertTrue(run.dlq().isEmpty());
        assertEquals("TimeBudgetExceededException", PublishedMetrics.of(run.emf)
                .once(MetricNames.TRANSIENT_FAILURES).dimensionValues().get(MetricNames.DIMENSION_ERROR_TYPE));
    }

    @Test
    void timeRunningOutBeforeTheFirstLayerStopsTheRunBeforeAnyWrite() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        Path event = world.event(repository, source.digest(), TAG);
        // Enough time at the start, ten seconds (below the 60 s margin) at every later check.
        Context runningOut = remainingTimes(new LocalContext(Clock.systemUTC(), LocalContext.LAMBDA_MAX_TIMEOUT,
                run.logs.stream), 900_000, 10_000);

        TimeBudgetExceededException e = assertThrows(TimeBudgetExceededException.class,
                () -> run.invoke(run.handler(), event, runningOut));

        assertTrue(e.getMessage().startsWith("not opening blob sha256:"), e.getMessage());
        assertTrue(run.proxy.seen().stream().anyMatch(r -> r.pathAndQuery().contains("/manifests/")),
                "the manifests were read");
        assertEquals(List.of(), run.writesSince(0), "no blob, manifest or tag written");
        assertNoOutputTag(repository);
        assertTrue(run.dlq().isEmpty());
    }

    @Test
    void twoInvocationsForTheSameDigestAtOnceConverge() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        Path event = world.event(repository, source.digest(), TAG);
        List<IndexerHandler> handlers = List.of(run.handler(), run.handler());
        CyclicBarrier start = new CyclicBarrier(2);
        List<JsonNode> responses = new ArrayList<>();

        try (LogRedirect redirect = LogRedirect.to(run.logs.stream);
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (IndexerHandler handler : handlers) {
                futures.add(threads.submit((Callable<JsonNode>) () -> {
                    start.await();
                    return call(handler, event, new LocalContext(Clock.systemUTC(), LocalContext.LAMBDA_MAX_TIMEOUT,
                            run.logs.stream));
                }));
            }
            for (Future<JsonNode> future : futures) {
                responses.add(future.get());
            }
        }

        List<String> outcomes = responses.stream()
                .map(r -> r.path("status").asText() + (r.has("reason") ? ":" + r.path("reason").asText() : ""))
                .sorted().toList();
        assertTrue(outcomes.equals(List.of("indexed", "indexed"))
                || outcomes.equals(List.of("indexed", "skipped:already-indexed")), responses.toString());
        try (RegistryImageStore store = store(repository)) {
            VerificationReport report = new ImageVerifier(store).verify(OUTPUT_TAG);
            assertTrue(report.ok(), report.problems().toString());
            String tagged = store.getManifest(OUTPUT_TAG).orElseThrow().digest();
            for (JsonNode response : responses) {
                if (response.has("completion")) {
                    assertEquals(tagged, response.path("completion").path("outputDigest").asText(),
                            "both runs built the same bytes");
                }
            }
        }
        assertTrue(run.dlq().isEmpty());
    }

    @Test
    void aRunsOutputCarriesNoCredentialTokenOrAuthorizationHeader() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        JsonNode indexed = run.invoke(run.handler(), world.event(repository, source.digest(), TAG));
        assertEquals("indexed", indexed.path("status").asText());
        // And a run whose credentials the registry refuses: its error and DLQ record must not echo them either.
        String wrongPassword = "wrong-" + RegistryWorld.PASSWORD;
        IndexerHandler refused = new IndexerHandler(run.config(Map.of()),
                LambdaWiring.storeFactory(RegistryWorld.FAST_RETRIES),
                host -> Optional.of(new Credentials(RegistryWorld.USER, wrongPassword)), LambdaWiring.converter(),
                EmfIndexerMetrics.printingTo(run.emf.stream), new SqsFailureSink(world.sqs, run.queueUrl),
                (completion) -> {
                    throw new AssertionError("not indexed");
                }, Clock.systemUTC());
        JsonNode failed = run.invoke(refused, world.event(repository, source.digest(), "v2"));
        assertEquals("failed", failed.path("status").asText(), failed.toString());

        List<String> everything = new ArrayList<>();
        everything.addAll(run.logs.lines());
        everything.addAll(run.emf.lines());
        everything.add(indexed.toString());
        everything.add(failed.toString());
        run.dlq().forEach(m -> everything.add(m.body()));
        run.bus.requests().forEach(r -> everything.add(r.body()));
        assertTrue(run.logs.lines().size() >= 8, "a real run's log: " + run.logs.lines());
        List<String> secrets = List.of(RegistryWorld.PASSWORD, RegistryWorld.basicToken(),
                Base64.getEncoder().encodeToString((RegistryWorld.USER + ":" + wrongPassword)
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(AUTHORIZATION_HEADER.matcher("{\"Authorization\": \"Basic " + RegistryWorld.basicToken() + "\"}")
                .find(), "the scan would see a header");
        for (String line : everything) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret in: " + line);
            }
            assertFalse(AUTHORIZATION_HEADER.matcher(line).find(), "a header in: " + line);
        }
    }

    @Test
    void theMetricsOfARealRunAddUpToTheImage() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);
        Path event = world.event(repository, source.digest(), TAG);

        run.invoke(run.handler(), event);
        PublishedMetrics indexedRun = PublishedMetrics.of(run.emf);
        run.invoke(run.handler(), event);
        run.invoke(run.handler(), world.event(repository, source.digest(), ""));

        List<Descriptor> indexed = expectedIndexedLayers(source);
        assertEquals(1.0, indexedRun.once(MetricNames.IMAGES_INDEXED).value());
        assertEquals(indexed.size(), indexedRun.once(MetricNames.LAYERS_INDEXED).value());
        assertEquals(indexed.stream().mapToLong(Descriptor::size).sum(),
                indexedRun.once(MetricNames.BYTES_PROCESSED).value(), "compressed sizes of the indexed layers");
        assertTrue(indexedRun.once(MetricNames.ZTOC_BYTES).value() > 0);
        PublishedMetrics.Published duration = indexedRun.once(MetricNames.INDEX_DURATION_MS);
        assertEquals("Milliseconds", duration.unit());
        assertTrue(duration.value() >= 0);
        assertEquals("below-min-size", indexedRun.once(MetricNames.LAYERS_SKIPPED).dimensionValues()
                .get(MetricNames.DIMENSION_REASON));
        PublishedMetrics all = PublishedMetrics.of(run.emf);
        List<PublishedMetrics.Published> skips = all.all(MetricNames.IMAGES_SKIPPED);
        assertEquals(List.of("already-indexed", "untagged"), skips.stream()
                .map(p -> p.dimensionValues().get(MetricNames.DIMENSION_REASON)).toList());
        assertEquals(List.of(1.0, 1.0), skips.stream().map(PublishedMetrics.Published::value).toList());
        assertEquals(1, all.all(MetricNames.IMAGES_INDEXED).size(), "skips publish no ImagesIndexed");
    }

    @Test
    void everyLogLineCarriesTheServiceAndTheImageIncludingTheLayerWorkersLines() throws Exception {
        String repository = repository();
        ManifestData source = world.push(repository, TAG);

        run.invoke(run.handler(), world.event(repository, source.digest(), TAG));

        List<JsonNode> logs = run.logs.json().stream().filter(l -> l.has("level")).toList();
        List<JsonNode> workerLines = logs.stream()
                .filter(l -> l.path("message").asText().startsWith("indexed sha256:")).toList();
        assertEquals(expectedIndexedLayers(source).size(), workerLines.size(), "one line per indexed layer: " + logs);
        String requestId = logs.getFirst().path("function_request_id").asText();
        for (JsonNode line : logs) {
            assertEquals(MetricNames.SERVICE, line.path("service").asText(), line.toString());
            assertEquals(requestId, line.path("function_request_id").asText(), line.toString());
            assertEquals(repository, line.path("repository").asText(), line.toString());
            assertEquals(source.digest(), line.path("digest").asText(), line.toString());
            assertEquals(TAG, line.path("tag").asText(), line.toString());
        }
    }

    private void assertNoOutputTag(String repository) throws IOException {
        try (RegistryImageStore store = store(repository)) {
            assertEquals(Optional.empty(), store.getManifest(OUTPUT_TAG).map(ManifestData::digest));
        }
    }

    /** The source's layers that the configured minimum size lets through. */
    private static List<Descriptor> expectedIndexedLayers(ManifestData source) throws IOException {
        return ImageManifest.parse(source.bytes()).layerList().stream()
                .filter(l -> l.size() >= RegistryWorld.MIN_LAYER_SIZE).toList();
    }

    private static String sociIndexDigestIn(ManifestData output) throws IOException {
        return ImageIndex.parse(output.bytes()).manifestList().stream()
                .filter(SociV2Assembler::isSociDescriptor)
                .map(Descriptor::digest).findFirst().orElseThrow();
    }

    private static String imageManifestDigestIn(ManifestData output) throws IOException {
        return ImageIndex.parse(output.bytes()).manifestList().stream()
                .filter(d -> !SociV2Assembler.isSociDescriptor(d))
                .map(Descriptor::digest).findFirst().orElseThrow();
    }

    /** Invokes without redirecting the logs (the caller does, once for all threads). */
    private static JsonNode call(IndexerHandler handler, Path event, Context context) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(event)), response, context);
        return CapturedOutput.parse(response.toString(StandardCharsets.UTF_8));
    }

    /** {@code base}, except that the remaining time is {@code first} ms at the first question and {@code later} after. */
    private static Context remainingTimes(LocalContext base, int first, int later) {
        AtomicInteger questions = new AtomicInteger();
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getRemainingTimeInMillis")) {
                        return questions.getAndIncrement() == 0 ? first : later;
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
