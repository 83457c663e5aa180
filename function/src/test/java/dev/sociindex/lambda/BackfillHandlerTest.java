package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.aws.EventBridgeRequestBus;
import dev.sociindex.backfill.RegistryCatalog;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.lambda.local.LocalContext;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.Sleeper;
import dev.sociindex.report.Json;
import dev.sociindex.testing.LocalEventBus;
import dev.sociindex.testing.MutableClock;
import dev.sociindex.testing.TinyImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The deployed backfill entry: it lists the registry, puts one request per selected image on the bus through the real
 * EventBridge client (against the local bus stand-in), converts nothing, and when its time runs out answers with a
 * continuation that a next invocation finishes from, each image enqueued exactly once.
 */
class BackfillHandlerTest {
    private static final List<String> REPOSITORIES = List.of("team/api", "team/web", "late/one");
    private static LocalRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        registry = LocalRegistry.start();
        for (String repository : REPOSITORIES) {
            try (RegistryImageStore store = registry.repository(repository)) {
                for (String tag : List.of("1.0", "2.0", "2.0-soci")) {
                    TinyImages.push(store, repository, tag);
                }
            }
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        registry.close();
    }

    /** What the bus delivered to the backfill rule's target. */
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();

    private LocalEventBus bus() throws IOException {
        return new LocalEventBus("default", "123456789012", "eu-central-1",
                e -> e.source().equals(Defaults.EVENT_SOURCE) && e.detailType().equals(Defaults.BACKFILL_DETAIL_TYPE),
                event -> delivered.add(Json.MAPPER.readTree(event)), 2, LocalEventBus.Faults.NONE);
    }

    private static JsonNode invoke(LocalEventBus bus, String payload, Clock clock, Duration remaining) throws IOException {
        BackfillConfig config = BackfillConfig.fromEnvironment(Map.of(ConfigKeys.FILTERS, "team/*:*",
                ConfigKeys.BACKFILL_EVENT_BUS_NAME, "default"));
        EventBridgeClient client = EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(bus.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .build();
        BackfillHandler handler = new BackfillHandler(context -> new BackfillHandler.Wiring(config,
                new RegistryCatalog(REPOSITORIES, registry::repository),
                new EventBridgeRequestBus(client, "default", Defaults.EVENT_SOURCE), clock, Sleeper.real()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext(clock, remaining, new PrintStream(OutputStream.nullOutputStream())));
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private List<String> deliveredImages() {
        return delivered.stream().map(e -> e.path("detail").path("repository-name").asText() + ":"
                + e.path("detail").path("image-tag").asText()).sorted().toList();
    }

    @Test
    void aRunEnqueuesEverySelectedImageAndConvertsNothing() throws Exception {
        try (LocalEventBus bus = bus()) {
            JsonNode run = invoke(bus, "{\"rate\":\"100/s\"}", Clock.systemUTC(), Duration.ofMinutes(15));
            bus.awaitDeliveries(Duration.ofSeconds(10));
            assertEquals(4, run.path("enqueued").asInt(), run.toString());
            assertTrue(run.path("done").asBoolean(), run.toString());
            assertTrue(run.path("continuation").isNull(), run.toString());
            assertEquals(0, run.path("failed").asInt(), run.toString());
            assertEquals(List.of("team/api:1.0", "team/api:2.0", "team/web:1.0", "team/web:2.0"), deliveredImages());
            JsonNode first = delivered.getFirst();
            assertEquals("123456789012", first.path("account").asText(), "EventBridge sets the caller's account");
            assertEquals(Map.of("repository-name", "team/api", "image-tag", "1.0").keySet(),
                    Json.MAPPER.convertValue(first.path("detail"), Map.class).keySet(), "the detail names the image only");
            try (RegistryImageStore store = registry.repository("team/api")) {
                assertEquals(List.of("1.0", "2.0", "2.0-soci"), store.listTags().stream().sorted().toList(), "nothing converted here");
            }
        }
    }

    @Test
    void whenTimeRunsOutTheAnswerCarriesAContinuationThatTheNextInvocationFinishesFrom() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T21:00:00Z"));
        // Each image takes the clock a second further: an invocation with the margin plus 2.5 s puts two, then stops.
        Clock ticking = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                Instant now = clock.instant();
                clock.advance(Duration.ofSeconds(1));
                return now;
            }
        };
        Duration remaining = Config.DEFAULT_TIME_BUDGET_MARGIN.plusMillis(3500);
        List<JsonNode> answers = new ArrayList<>();
        try (LocalEventBus bus = bus()) {
            String payload = "{\"rate\":\"100/s\"}";
            for (int invocation = 0; invocation < 10; invocation++) {
                JsonNode answer = invoke(bus, payload, ticking, remaining);
                answers.add(answer);
                if (answer.path("done").asBoolean()) {
                    break;
                }
                payload = "{\"rate\":\"100/s\",\"continuation\":" + answer.path("continuation") + "}";
            }
            bus.awaitDeliveries(Duration.ofSeconds(10));
        }
        assertTrue(answers.size() > 1, "the time ran out at least once: " + answers);
        assertFalse(answers.getFirst().path("done").asBoolean());
        assertTrue(answers.getFirst().path("stopped").asText().contains("out of time"), answers.getFirst().toString());
        assertEquals(4, answers.stream().mapToInt(a -> a.path("enqueued").asInt()).sum(), answers.toString());
        assertEquals(List.of("team/api:1.0", "team/api:2.0", "team/web:1.0", "team/web:2.0"), deliveredImages(),
                "each image exactly once across the invocations");
    }

    @Test
    void aDryRunPutsNothing() throws Exception {
        try (LocalEventBus bus = bus()) {
            JsonNode dry = invoke(bus, "{\"dryRun\":true}", Clock.systemUTC(), Duration.ofMinutes(15));
            assertEquals(4, dry.path("would enqueue").asInt(), dry.toString());
            assertEquals(0, dry.path("enqueued").asInt(), dry.toString());
            assertEquals(List.of(), bus.accepted());
        }
    }

    @Test
    void aWrongPayloadIsAnErrorNamingTheValue() throws Exception {
        try (LocalEventBus bus = bus()) {
            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                    () -> invoke(bus, "{\"rate\":\"fast\"}", Clock.systemUTC(), Duration.ofMinutes(15)));
            assertTrue(rate.getMessage().contains("'fast'"), rate.getMessage());
            IllegalArgumentException cursor = assertThrows(IllegalArgumentException.class,
                    () -> invoke(bus, "{\"continuation\":{\"repository\":\"team/api\"}}", Clock.systemUTC(), Duration.ofMinutes(15)));
            assertTrue(cursor.getMessage().contains("continuation"), cursor.getMessage());
            assertThrows(IllegalArgumentException.class, () -> invoke(bus, "[1]", Clock.systemUTC(), Duration.ofMinutes(15)));
            assertEquals(List.of(), bus.accepted());
        }
    }
}
