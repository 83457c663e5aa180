package dev.sociindex.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.aws.EventBridgeRequestBus;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.testing.LocalEventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * What the bus answers and how a run deals with it, through the real EventBridge client against the local bus: entries
 * rejected for a passing reason are put again, entries rejected for good are failures in the summary and stay out of
 * the state (a rerun tries them), and a bus that cannot be reached stops the run with the cursor to go on from.
 */
class EnqueueTest {
    @TempDir
    Path dir;

    private final List<Duration> pauses = new ArrayList<>();

    /** Two repositories of a few tags each, and one output tag. */
    private static final ImageCatalog CATALOG = new ImageCatalog() {
        private final Map<String, List<String>> tags = new TreeMap<>(Map.of(
                "team/web", List.of("3", "1", "2", "1-soci"),
                "team/api", List.of("b", "a")));

        @Override
        public List<String> repositories() {
            return List.of("team/web", "team/api");
        }

        @Override
        public List<String> tags(String repository) {
            return tags.get(repository);
        }
    };

    private static EventBridgeRequestBus requestBus(LocalEventBus bus) {
        EventBridgeClient client = EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(bus.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
                .build();
        return new EventBridgeRequestBus(client, "default", Defaults.EVENT_SOURCE);
    }

    private static LocalEventBus bus(LocalEventBus.Faults faults) throws IOException {
        return new LocalEventBus("default", "123456789012", "eu-central-1", e -> true, event -> { }, 1, faults);
    }

    private Enqueue.Result run(RequestBus bus, BackfillState state, Optional<Cursor> after) throws IOException {
        return new Enqueue(CATALOG, bus, new Enqueue.Settings(ImageFilters.parse("team/*:*"), "-soci", false,
                Optional.empty(), after, 1000, 3), state, Pacer.unlimited(), pauses::add, Clock.systemUTC(), line -> { }).run();
    }

    private static List<String> details(List<LocalEventBus.Entry> entries) {
        return entries.stream().map(LocalEventBus.Entry::detail).toList();
    }

    @Test
    void theWalkIsInNameOrderAndEachRequestNamesItsImage() throws Exception {
        try (LocalEventBus bus = bus(LocalEventBus.Faults.NONE)) {
            Enqueue.Result result = run(requestBus(bus), BackfillState.inMemory(), Optional.empty());
            assertEquals("5 enqueued, 0 already, 1 skipped, 0 failed\n", result.describe());
            assertEquals(List.of("{\"repository-name\":\"team/api\",\"image-tag\":\"a\"}",
                    "{\"repository-name\":\"team/api\",\"image-tag\":\"b\"}",
                    "{\"repository-name\":\"team/web\",\"image-tag\":\"1\"}",
                    "{\"repository-name\":\"team/web\",\"image-tag\":\"2\"}",
                    "{\"repository-name\":\"team/web\",\"image-tag\":\"3\"}"), details(bus.accepted()));
            assertTrue(bus.accepted().stream().allMatch(e -> e.source().equals(Defaults.EVENT_SOURCE)
                    && e.detailType().equals(Defaults.BACKFILL_DETAIL_TYPE)));
        }
    }

    @Test
    void throttledEntriesArePutAgainAndPermanentRejectionsAreReportedAndLeftForTheNextRun() throws Exception {
        Path file = dir.resolve("state");
        LocalEventBus.Faults faults = (entry, attempt) -> {
            if (entry.detail().contains("\"a\"")) {
                return attempt < 2 ? Optional.of("ThrottlingException") : Optional.empty();
            }
            if (entry.detail().contains("\"2\"")) {
                return Optional.of("InvalidArgument");
            }
            return Optional.empty();
        };
        try (LocalEventBus bus = bus(faults)) {
            Enqueue.Result result = run(requestBus(bus), BackfillState.load(file), Optional.empty());
            assertEquals(4, result.summary().count(BackfillSummary.Outcome.ENQUEUED), result.describe());
            assertEquals(1, result.summary().count(BackfillSummary.Outcome.FAILED), result.describe());
            assertTrue(result.describe().contains("  failed team/web:2: event bus 'default' rejected the request"
                    + " (InvalidArgument: rejected by the local bus (InvalidArgument))"), result.describe());
            assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), pauses, "backoff before each retry");
            assertEquals(3, bus.rejected().size(), "a twice, 2 once: a permanent rejection is not retried");
            assertEquals(List.of("team/api:a", "team/api:b", "team/web:1", "team/web:3"),
                    Files.readAllLines(file).stream().sorted().toList());

            Enqueue.Result rerun = run(requestBus(bus), BackfillState.load(file), Optional.empty());
            assertEquals("0 enqueued, 4 already, 1 skipped, 1 failed\n", rerun.describe().lines().findFirst().orElseThrow() + "\n");
        }
    }

    @Test
    void aThrottleThatOutlastsTheAttemptsIsAFailureToo() throws Exception {
        try (LocalEventBus bus = bus((entry, attempt) -> entry.detail().contains("\"b\"")
                ? Optional.of("ThrottlingException") : Optional.empty())) {
            Enqueue.Result result = run(requestBus(bus), BackfillState.inMemory(), Optional.empty());
            assertTrue(result.describe().contains("failed team/api:b: event bus 'default' rejected the request 3 times"
                    + " (ThrottlingException"), result.describe());
            assertEquals(3, bus.rejected().size());
        }
    }

    @Test
    void aBusThatCannotBeReachedStopsTheRunWithTheCursorBeforeTheBatchItLost() throws Exception {
        LocalEventBus bus = bus(LocalEventBus.Faults.NONE);
        EventBridgeRequestBus requests = requestBus(bus);
        bus.close(); // nothing listens any more: every call is refused
        Enqueue.Result result = run(requests, BackfillState.inMemory(), Optional.empty());
        assertEquals(Optional.empty(), result.continuation(), "nothing was dealt with before the first batch");
        assertTrue(result.stopped().orElseThrow().startsWith("putting requests on event bus 'default' failed: PutEvents of 5"
                + " backfill requests to bus 'default' failed"), result.stopped().toString());
        assertEquals(5, result.summary().count(BackfillSummary.Outcome.FAILED));
    }

    @Test
    void aRunGivenACursorStartsRightAfterIt() throws Exception {
        try (LocalEventBus bus = bus(LocalEventBus.Faults.NONE)) {
            Enqueue.Result result = run(requestBus(bus), BackfillState.inMemory(), Optional.of(new Cursor("team/api", "b")));
            assertEquals(List.of("{\"repository-name\":\"team/web\",\"image-tag\":\"1\"}",
                    "{\"repository-name\":\"team/web\",\"image-tag\":\"2\"}",
                    "{\"repository-name\":\"team/web\",\"image-tag\":\"3\"}"), details(bus.accepted()));
            assertEquals(Optional.empty(), result.continuation());
        }
    }
}
