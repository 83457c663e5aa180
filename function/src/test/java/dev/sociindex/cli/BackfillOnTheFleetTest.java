package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.files.FileTrees;
import dev.sociindex.lambda.Config;
import dev.sociindex.lambda.EmfIndexerMetrics;
import dev.sociindex.lambda.Handlers;
import dev.sociindex.lambda.IndexerHandler;
import dev.sociindex.lambda.LambdaWiring;
import dev.sociindex.lambda.RegistryAddress;
import dev.sociindex.lambda.local.LocalContext;
import dev.sociindex.lambda.local.LogRedirect;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.report.Json;
import dev.sociindex.testing.LocalEventBus;
import dev.sociindex.testing.TinyImages;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backfill on the fleet, end to end: 300 images in the real docker-registry, {@code soci-builder backfill --enqueue}
 * run as a process the way an operator runs it (AWS settings from the environment, {@code AWS_ENDPOINT_URL_EVENTBRIDGE}
 * at a local bus), the bus delivering each matching event to the indexer's handler with a bounded concurrency (four
 * execution environments, each its own handler instance), and every image indexed and verified. The bus throttles
 * some entries on their first put, as EventBridge may, so the CLI's retries are part of the run.
 */
class BackfillOnTheFleetTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-central-1";
    private static final List<String> REPOSITORIES = List.of("fleet/api", "fleet/web", "fleet/worker");
    private static final int TAGS_PER_REPOSITORY = 100;
    private static final int CONCURRENCY = 4;

    private static Path scratch;
    private static LocalRegistry registry;

    @BeforeAll
    static void pushImages() throws Exception {
        scratch = Files.createTempDirectory("fleet");
        registry = LocalRegistry.start();
        Instant started = Instant.now();
        ExecutorService pushers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> pushes = new ArrayList<>();
            for (String repository : REPOSITORIES) {
                for (int i = 0; i < TAGS_PER_REPOSITORY; i++) {
                    String tag = String.format("v%03d", i);
                    pushes.add(pushers.submit(() -> {
                        pushImage(repository, tag);
                        return null;
                    }));
                }
            }
            for (Future<?> push : pushes) {
                push.get();
            }
        } finally {
            pushers.shutdown();
        }
        System.out.printf("fleet backfill: pushed %d images in %.1f s%n", REPOSITORIES.size() * TAGS_PER_REPOSITORY,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    @AfterAll
    static void tearDown() throws IOException {
        registry.close();
        FileTrees.deleteTree(scratch);
    }

    private static void pushImage(String repository, String tag) throws IOException {
        try (RegistryImageStore store = registry.repository(repository)) {
            TinyImages.push(store, repository, tag);
        }
    }

    /** The indexer as deployed but for the registry override: one handler per execution environment (thread). */
    private static final class Fleet implements LocalEventBus.Target {
        final Map<String, String> statuses = new ConcurrentHashMap<>();
        final List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Config config = Config.fromEnvironment(Map.of(ConfigKeys.FILTERS, "fleet/*:*",
                ConfigKeys.MIN_LAYER_SIZE, "0")).withRegistryOverride(RegistryAddress.parseOverride(registry.host()));
        private final PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        private final ThreadLocal<IndexerHandler> handlers = ThreadLocal.withInitial(() -> Handlers.create(config,
                LambdaWiring.storeFactory(), LambdaWiring.converter(), registry.credentials(),
                EmfIndexerMetrics.printingTo(sink), sink, Clock.systemUTC()));

        @Override
        public void deliver(byte[] event) throws IOException {
            JsonNode detail = Json.MAPPER.readTree(event).path("detail");
            String image = detail.path("repository-name").asText() + ":" + detail.path("image-tag").asText();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handlers.get().handleRequest(new ByteArrayInputStream(event), response,
                    new LocalContext(Clock.systemUTC(), Duration.ofMinutes(15), sink));
            String status = Json.MAPPER.readTree(response.toByteArray()).path("status").asText()
                    + " " + Json.MAPPER.readTree(response.toByteArray()).path("reason").asText("");
            if (statuses.put(image, status.strip()) != null) {
                duplicates.add(image);
            }
        }
    }

    private static LocalEventBus.Faults throttleEverySeventeenthOnce() {
        return (entry, attempt) -> attempt == 0 && Math.floorMod(entry.detail().hashCode(), 17) == 0
                ? Optional.of("ThrottlingException") : Optional.empty();
    }

    private static Cli.Result enqueue(LocalEventBus bus, Path state, String... repositories) throws Exception {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint().toString(), "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "AKIDLOCALFLEET", "AWS_SECRET_ACCESS_KEY", "local-fleet-secret");
        List<String> args = new ArrayList<>(List.of("backfill", "--enqueue", "--rate", "500/s"));
        if (state != null) {
            args.addAll(List.of("--state", state.toString()));
        }
        args.addAll(List.of("--filters", String.join(",", List.of(repositories).stream().map(r -> r + ":*").toList()),
                registry.host()));
        return ChildCli.run(env, null, args.toArray(String[]::new));
    }

    private static boolean isBackfillRule(LocalEventBus.Entry entry) {
        return entry.source().equals(Defaults.EVENT_SOURCE) && entry.detailType().equals(Defaults.BACKFILL_DETAIL_TYPE);
    }

    @Test
    void everyImageEnqueuedByTheCliIsIndexedByTheFunctionAndRerunsEnqueueNothingOrIndexNothing() throws Exception {
        int images = REPOSITORIES.size() * TAGS_PER_REPOSITORY;
        Fleet fleet = new Fleet();
        Path state = scratch.resolve("backfill.state");
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        Instant started;
        Cli.Result result;
        try (LocalEventBus bus = new LocalEventBus("default", ACCOUNT, REGION, BackfillOnTheFleetTest::isBackfillRule,
                fleet, CONCURRENCY, throttleEverySeventeenthOnce());
             LogRedirect redirect = LogRedirect.to(new PrintStream(logs, true, StandardCharsets.UTF_8))) {
            started = Instant.now();
            result = enqueue(bus, state, REPOSITORIES.toArray(String[]::new));
            Instant enqueued = Instant.now();
            bus.awaitDeliveries(Duration.ofSeconds(120));
            Instant indexed = bus.lastDelivery();

            assertEquals(0, result.exit(), result.toString());
            assertTrue(result.out().startsWith(images + " enqueued, 0 already, 0 skipped, 0 failed\n"), result.toString());
            assertEquals(List.of(), bus.deliveryErrors());
            assertEquals(List.of(), bus.unmatched(), "every request matches the backfill rule");
            assertTrue(bus.rejected().size() > 5, "the bus throttled some entries: " + bus.rejected().size());
            assertEquals(images, bus.accepted().size(), "each image accepted exactly once, throttled ones after a retry");
            assertTrue(bus.accepted().stream().allMatch(e -> e.busName().equals("default")));
            assertEquals(images, fleet.statuses.size());
            assertEquals(List.of(), fleet.duplicates);
            Map<String, Long> byStatus = fleet.statuses.values().stream()
                    .collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting()));
            assertEquals(Map.of("indexed", (long) images), byStatus);
            assertTrue(bus.mostConcurrent() <= CONCURRENCY && bus.mostConcurrent() > 1, "concurrency " + bus.mostConcurrent());

            double seconds = Duration.between(started, indexed).toMillis() / 1000.0;
            System.out.printf("fleet backfill: %d images enqueued by the CLI in %.1f s and indexed by %d concurrent"
                            + " handlers in %.1f s from the CLI's start: %.1f images/s (%d entries throttled and put again)%n",
                    images, Duration.between(started, enqueued).toMillis() / 1000.0, CONCURRENCY, seconds,
                    images / seconds, bus.rejected().size());

            // A rerun with the state file enqueues nothing.
            Cli.Result again = enqueue(bus, state, REPOSITORIES.toArray(String[]::new));
            assertEquals(0, again.exit(), again.toString());
            assertTrue(again.out().startsWith("0 enqueued, " + images + " already, "), again.toString());
            assertEquals(images, bus.accepted().size(), "nothing new was put");

            // Without the state file, one repository is enqueued again: the indexer skips every image as already
            // indexed (its output holds an index built from the same digest), the guard a replayed event meets too.
            fleet.statuses.clear();
            String repository = REPOSITORIES.getFirst();
            Cli.Result replay = enqueue(bus, null, repository);
            bus.awaitDeliveries(Duration.ofSeconds(60));
            assertTrue(replay.out().startsWith(TAGS_PER_REPOSITORY + " enqueued, 0 already, " + TAGS_PER_REPOSITORY
                    + " skipped, 0 failed\n"), replay.toString());
            assertEquals(List.of(), bus.deliveryErrors());
            assertEquals(TAGS_PER_REPOSITORY, fleet.statuses.size());
            assertTrue(fleet.statuses.values().stream().allMatch(s -> s.equals("skipped already-indexed")), fleet.statuses.toString());
        }
        Instant verifying = Instant.now();
        verifyAll();
        System.out.printf("fleet backfill: verified %d outputs in %.1f s%n", images,
                Duration.between(verifying, Instant.now()).toMillis() / 1000.0);
    }

    private static void verifyAll() throws IOException {
        for (String repository : REPOSITORIES) {
            try (RegistryImageStore store = registry.repository(repository)) {
                for (int i = 0; i < TAGS_PER_REPOSITORY; i++) {
                    String output = String.format("v%03d", i) + Defaults.OUTPUT_TAG_SUFFIX;
                    VerificationReport report = new ImageVerifier(store).verify(output);
                    assertTrue(report.ok(), repository + ":" + output + ": " + report);
                }
            }
        }
    }
}
