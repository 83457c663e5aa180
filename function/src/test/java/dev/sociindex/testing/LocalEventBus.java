package dev.sociindex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.report.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A stand-in for one EventBridge bus and one rule on it, on 127.0.0.1: it answers {@code PutEvents} (AWS JSON 1.1) as
 * EventBridge does, entry by entry, and delivers each accepted entry that the rule matches, wrapped in the envelope
 * EventBridge adds ({@code version}, {@code id}, {@code account}, {@code time}, {@code region}, {@code resources}), to
 * a target on a pool of {@code concurrency} threads: the bounded concurrency of the function behind the rule. Entries
 * with an {@code aws.} source are refused as EventBridge refuses them; a fault plan may reject chosen entries.
 */
public final class LocalEventBus implements AutoCloseable {
    /** One entry of a PutEvents call, as sent. */
    public record Entry(String busName, String source, String detailType, String detail) {
    }

    /** The function behind the rule: gets the event as EventBridge delivers it. */
    @FunctionalInterface
    public interface Target {
        void deliver(byte[] event) throws Exception;
    }

    /** Which entries to reject: {@code attempt} counts the earlier puts of an entry with the same detail, from 0. */
    @FunctionalInterface
    public interface Faults {
        Optional<String> errorCode(Entry entry, int attempt);

        Faults NONE = (entry, attempt) -> Optional.empty();
    }

    private final String busName;
    private final String account;
    private final String region;
    private final Predicate<Entry> rule;
    private final Target target;
    private final Faults faults;
    private final StubHttpServer server;
    private final ExecutorService pool;
    private final List<Entry> accepted = new CopyOnWriteArrayList<>();
    private final List<Entry> rejected = new CopyOnWriteArrayList<>();
    private final List<Entry> unmatched = new CopyOnWriteArrayList<>();
    private final List<Throwable> deliveryErrors = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private volatile Instant lastDelivery;

    public LocalEventBus(String busName, String account, String region, Predicate<Entry> rule, Target target,
                         int concurrency, Faults faults) throws IOException {
        this.busName = busName;
        this.account = account;
        this.region = region;
        this.rule = rule;
        this.target = target;
        this.faults = faults;
        this.pool = Executors.newFixedThreadPool(concurrency);
        this.server = StubHttpServer.start(this::answer);
    }

    /** For {@code AWS_ENDPOINT_URL_EVENTBRIDGE} or an SDK endpoint override. */
    public URI endpoint() {
        return server.uri();
    }

    private StubHttpServer.Reply answer(StubHttpServer.Request request) throws IOException {
        if (!"AWSEvents.PutEvents".equals(request.header("X-Amz-Target").orElse(""))) {
            return error(400, "UnknownOperationException", "only PutEvents is served here, not "
                    + request.header("X-Amz-Target").orElse("(no X-Amz-Target)"));
        }
        JsonNode body = Json.MAPPER.readTree(request.body());
        ArrayNode results = Json.MAPPER.createArrayNode();
        int failed = 0;
        for (JsonNode raw : body.path("Entries")) {
            Entry entry = new Entry(raw.path("EventBusName").asText("default"), raw.path("Source").asText(),
                    raw.path("DetailType").asText(), raw.path("Detail").asText());
            if (!entry.busName().equals(busName)) {
                return error(400, "ResourceNotFoundException", "Event bus " + entry.busName() + " does not exist.");
            }
            Optional<String> code = refusal(entry);
            ObjectNode result = results.addObject();
            if (code.isPresent()) {
                failed++;
                rejected.add(entry);
                result.put("ErrorCode", code.get()).put("ErrorMessage", "rejected by the local bus (" + code.get() + ")");
                continue;
            }
            String id = UUID.randomUUID().toString();
            result.put("EventId", id);
            accepted.add(entry);
            if (rule.test(entry)) {
                submit(envelope(entry, id));
            } else {
                unmatched.add(entry);
            }
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("FailedEntryCount", failed);
        answer.set("Entries", results);
        return new StubHttpServer.Reply(200, Map.of("Content-Type", "application/x-amz-json-1.1"),
                Json.MAPPER.writeValueAsBytes(answer));
    }

    private Optional<String> refusal(Entry entry) {
        if (entry.source().startsWith("aws.")) {
            return Optional.of("NotAuthorizedForSourceException");
        }
        try {
            if (!Json.MAPPER.readTree(entry.detail()).isObject()) {
                return Optional.of("MalformedDetail");
            }
        } catch (IOException e) {
            return Optional.of("MalformedDetail");
        }
        int attempt = attempts.computeIfAbsent(entry.detail(), d -> new AtomicInteger()).getAndIncrement();
        return faults.errorCode(entry, attempt);
    }

    private byte[] envelope(Entry entry, String id) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode()
                .put("version", "0")
                .put("id", id)
                .put("detail-type", entry.detailType())
                .put("source", entry.source())
                .put("account", account)
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        event.putArray("resources");
        event.set("detail", Json.MAPPER.readTree(entry.detail()));
        return Json.MAPPER.writeValueAsBytes(event);
    }

    private void submit(byte[] event) {
        submitted.incrementAndGet();
        pool.execute(() -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                target.deliver(event);
            } catch (Throwable e) {
                deliveryErrors.add(new AssertionError("delivery of " + new String(event, StandardCharsets.UTF_8)
                        + " failed", e));
            } finally {
                running.decrementAndGet();
                lastDelivery = Instant.now();
                finished.incrementAndGet();
            }
        });
    }

    private static StubHttpServer.Reply error(int status, String type, String message) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "'") + "\"}";
        return new StubHttpServer.Reply(status, Map.of("Content-Type", "application/x-amz-json-1.1"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until every delivery handed to the target so far has returned; fails after {@code limit}. */
    public void awaitDeliveries(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (finished.get() < submitted.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(finished.get() + " of " + submitted.get() + " deliveries done after " + limit);
            }
            Thread.sleep(20);
        }
    }

    public List<Entry> accepted() {
        return List.copyOf(accepted);
    }

    public List<Entry> rejected() {
        return List.copyOf(rejected);
    }

    /** Accepted entries the rule did not match (delivered nowhere). */
    public List<Entry> unmatched() {
        return List.copyOf(unmatched);
    }

    public List<Throwable> deliveryErrors() {
        return List.copyOf(deliveryErrors);
    }

    public int deliveries() {
        return finished.get();
    }

    /** The most deliveries that ran at the same time. */
    public int mostConcurrent() {
        return mostRunning.get();
    }

    /** When the last delivery returned. */
    public Instant lastDelivery() {
        return lastDelivery;
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
