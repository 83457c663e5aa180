package dev.sociindex.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.aws.DynamoDbZtocCache;
import dev.sociindex.cache.LocalDynamoDb;
import dev.sociindex.cache.StoreOpener;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.convert.Converter;
import dev.sociindex.files.FileTrees;
import dev.sociindex.lambda.local.LocalContext;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.StoreLocator;
import dev.sociindex.store.ForwardingImageStore;
import dev.sociindex.store.ImageStore;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.MutableClock;
import dev.sociindex.testing.OciImages;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import dev.sociindex.ztoc.CheckpointSpill;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image that needs more than one invocation: the function as deployed (real registry with basic auth, zTOC cache
 * on DynamoDB Local, SQS DLQ) with invocation time that passes as layer bytes are read, each layer costing 400 s of a
 * 900 s invocation (60 s margin). Lambda's async retries (three attempts in all) are played by the test: each
 * attempt gets a fresh invocation and the same event. Resuming works per layer, so a layer that alone needs more
 * than an invocation fails for good, with a DLQ record that says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeAcrossInvocationsTest {
    private static final Duration INVOCATION = Duration.ofSeconds(900);
    private static final int LAMBDA_ATTEMPTS = 3;

    private RegistryWorld world;
    private RegistryWorld.Run run;
    private LocalDynamoDb dynamo;
    private String table;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    @TempDir
    Path scratch;

    @BeforeAll
    void start() throws IOException {
        world = RegistryWorld.start();
        run = world.freshRun();
        dynamo = new LocalDynamoDb();
        table = dynamo.createCacheTable("soci-ztoc-cache");
    }

    @AfterAll
    void stop() throws IOException {
        dynamo.close();
        run.close();
        world.close();
    }

    @Test
    void threeLayersOfFourHundredSecondsCompleteOnTheSecondInvocation() throws Exception {
        ManifestData source = push("resume/three", List.of(31, 32, 33), 1_200_000);
        Set<String> layers = layerDigests(source);
        TimedStores stores = new TimedStores(layers, Duration.ofSeconds(400));
        IndexerHandler handler = handler(stores);
        Path event = world.event("resume/three", source.digest(), "v1");

        List<Exception> failures = new ArrayList<>();
        JsonNode response = null;
        for (int attempt = 1; attempt <= LAMBDA_ATTEMPTS && response == null; attempt++) {
            try {
                response = run.invoke(handler, event, new LocalContext(clock, INVOCATION, run.logs.stream));
            } catch (TimeBudgetExceededException e) {
                failures.add(e); // transient: Lambda retries the event
            }
        }

        assertEquals(1, failures.size(), "one invocation ran out of time: " + failures);
        assertTrue(failures.getFirst().getMessage().startsWith("stopped reading layer sha256:"), failures.toString());
        assertEquals("indexed", response.path("status").asText(), response.toString());
        assertEquals(2, failures.size() + 1, "the image completed on the second invocation");
        // Two layers were read in the first invocation, the third (cut short there) in the second, nothing twice
        // but the cut one: the second invocation reused the first's zTOCs through the cache.
        assertEquals(4, stores.opened.size(), "layer reads: " + stores.opened);
        assertEquals(3, Set.copyOf(stores.opened).size());
        try (RegistryImageStore store = world.registry.repository("resume/three")) {
            VerificationReport report = new ImageVerifier(store).verify("v1-soci");
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(3, report.ztocs());
        }
        assertTrue(run.dlq().isEmpty());
    }

    @Test
    void aLayerLongerThanAnInvocationFailsForGoodWithItsReason() throws Exception {
        ManifestData source = push("resume/one-big", List.of(41), 4_000_000);
        String layer = layerDigests(source).iterator().next();
        TimedStores stores = new TimedStores(Set.of(layer), Duration.ofSeconds(1000));
        Path event = world.event("resume/one-big", source.digest(), "v1");

        JsonNode response = run.invoke(handler(stores), event, new LocalContext(clock, INVOCATION, run.logs.stream));

        assertEquals("failed", response.path("status").asText(), response.toString());
        List<Message> messages = run.dlq();
        assertEquals(1, messages.size());
        JsonNode record = CapturedOutput.parse(messages.getFirst().body());
        assertEquals("LayerTooLongForInvocationException", record.path("errorType").asText(), record.toString());
        String message = record.path("message").asText();
        assertTrue(message.startsWith("layer " + layer + " cannot be indexed within one invocation"), message);
        assertTrue(message.contains("raise the function's timeout"), message);
    }

    private IndexerHandler handler(TimedStores stores) {
        Config config = run.config(Map.of(ConfigKeys.LAYER_PARALLELISM, "1"));
        DynamoDbZtocCache cache = new DynamoDbZtocCache(dynamo.client(), table, Clock.systemUTC(), Duration.ofDays(30));
        StoreLocator locator = new StoreLocator(world.registry.credentials(), RegistryWorld.FAST_RETRIES, true);
        Converter converter = LambdaWiring.converter(new ZtocReuse(cache, StoreOpener.of(locator)),
                CheckpointSpill.defaults());
        return run.handler(config, stores, converter);
    }

    /** An image of one layer of mixed data per seed, pushed as {@code repository:v1}; layers checked to be large. */
    private ManifestData push(String repository, List<Integer> seeds, int bytes) throws IOException {
        Path layout = Files.createTempDirectory(scratch, "layout").resolve("layout");
        try {
            List<Map<String, byte[]>> files = seeds.stream()
                    .map(seed -> Map.of("data/part-" + seed + ".bin", Encoders.mixedData(seed, bytes))).toList();
            OciImages.create(layout, "v1", "amd64", files);
            world.registry.push(layout, "v1", repository, "v1");
        } finally {
            FileTrees.deleteTree(layout.getParent());
        }
        try (RegistryImageStore store = world.registry.repository(repository)) {
            ManifestData manifest = store.getManifest("v1").orElseThrow();
            for (Descriptor layer : ImageManifest.parse(manifest.bytes()).layerList()) {
                // The budget looks at the clock every 256 KiB read: a layer must span several looks.
                assertTrue(layer.size() > 600_000, "layer " + layer.digest() + " is only " + layer.size() + " bytes");
            }
            return manifest;
        }
    }

    private static Set<String> layerDigests(ManifestData manifest) throws IOException {
        return ImageManifest.parse(manifest.bytes()).layerList().stream().map(Descriptor::digest)
                .collect(Collectors.toSet());
    }

    /**
     * The registry as the function sees it, where reading a layer takes {@code perLayer} of invocation time, passing
     * as its bytes arrive (the test's clock, which the invocation's context reads).
     */
    private final class TimedStores implements StoreFactory {
        final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Set<String> layers;
        private final Duration perLayer;

        TimedStores(Set<String> layers, Duration perLayer) {
            this.layers = layers;
            this.perLayer = perLayer;
        }

        @Override
        public ImageStore open(String host, boolean plainHttp, String repository,
                               dev.sociindex.registry.CredentialsProvider credentials) throws IOException {
            ImageStore real = LambdaWiring.storeFactory(RegistryWorld.FAST_RETRIES).open(host, plainHttp, repository, credentials);
            return new ForwardingImageStore(real) {
                @Override
                public InputStream openBlob(String digest, long expectedSize) throws IOException {
                    InputStream in = delegate().openBlob(digest, expectedSize);
                    if (!layers.contains(digest)) {
                        return in;
                    }
                    opened.add(digest);
                    long nanosPerByte = perLayer.toNanos() / expectedSize;
                    return new FilterInputStream(in) {
                        @Override
                        public int read() throws IOException {
                            int b = super.read();
                            if (b >= 0) {
                                clock.advance(Duration.ofNanos(nanosPerByte));
                            }
                            return b;
                        }

                        @Override
                        public int read(byte[] buffer, int offset, int length) throws IOException {
                            int n = super.read(buffer, offset, length);
                            if (n > 0) {
                                clock.advance(Duration.ofNanos(nanosPerByte * n));
                            }
                            return n;
                        }
                    };
                }
            };
        }
    }
}
