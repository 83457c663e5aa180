package dev.sociindex.lambda;

import dev.sociindex.aws.AwsClients;
import dev.sociindex.aws.EcrCatalog;
import dev.sociindex.aws.EventBridgeRequestBus;
import dev.sociindex.backfill.BackfillState;
import dev.sociindex.backfill.BackfillSummary;
import dev.sociindex.backfill.Cursor;
import dev.sociindex.backfill.Enqueue;
import dev.sociindex.backfill.ImageCatalog;
import dev.sociindex.backfill.Pacer;
import dev.sociindex.backfill.RequestBus;
import dev.sociindex.contract.Defaults;
import dev.sociindex.registry.Sleeper;
import dev.sociindex.report.Json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill function the stack deploys: lists the images of the function's own ECR registry that the filters select
 * and puts one backfill request per image on the stack's bus, where the backfill rule hands each to the indexer, which
 * converts them with its own concurrency, retries, DLQ and metrics. Nothing is converted here.
 *
 * <p>Payload (all optional): {@code {"dryRun": true, "rate": "2/s", "continuation": {"repository": R, "tag": T}}}. One
 * invocation enqueues until its time is nearly up (or the bus fails) and then answers {@code "done": false} with the
 * {@code continuation} to invoke again with (absent: from the beginning); the walk is in name order, so the continuation is just the last image
 * dealt with and needs no state kept anywhere. The answer counts the outcomes and lists every failure.
 */
public final class BackfillHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillHandler.class);

    /** How a run reaches the registry and the bus; the deployed function derives them from its ARN and environment. */
    record Wiring(BackfillConfig config, ImageCatalog catalog, RequestBus bus, Clock clock, Sleeper sleeper) {
    }

    private final Function<Context, Wiring> wiring;

    /** Used by the Lambda runtime: the registry of the function's own account and region. */
    public BackfillHandler() {
        this(context -> deployed(System.getenv(), context.getInvokedFunctionArn()));
    }

    BackfillHandler(Function<Context, Wiring> wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Request request = Request.parse(input.readAllBytes());
        Wiring run = wiring.apply(context);
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Instant deadline = run.clock().instant().plus(remaining).minus(run.config().timeBudgetMargin());
        Pacer pacer = new Pacer(request.rate(), System::nanoTime, run.sleeper());
        Enqueue.Result result = new Enqueue(run.catalog(), run.bus(),
                new Enqueue.Settings(run.config().filters(), run.config().outputTagSuffix(), request.dryRun(),
                        Optional.of(deadline), request.continuation(), request.rate(), Enqueue.DEFAULT_ATTEMPTS),
                BackfillState.inMemory(), pacer, run.sleeper(), run.clock(), LOG::info).run();
        LOG.info("backfill: {}", result.describe());
        output.write(Json.MAPPER.writeValueAsBytes(response(result)));
    }

    /** The payload; a wrong value is an error naming it, before anything is listed. */
    record Request(boolean dryRun, double rate, Optional<Cursor> continuation) {
        static Request parse(byte[] payload) throws IOException {
            JsonNode json = payload.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(payload);
            if (json == null || json.isNull() || json.isMissingNode()) {
                json = Json.MAPPER.createObjectNode();
            }
            if (!json.isObject()) {
                throw new IllegalArgumentException("the backfill payload must be a JSON object"
                        + " ({\"dryRun\", \"rate\", \"continuation\"}), was " + json.getNodeType());
            }
            double rate = Pacer.parseRate(json.path("rate").asText(Defaults.BACKFILL_RATE));
            JsonNode next = json.path("continuation");
            Optional<Cursor> continuation = next.isMissingNode() || next.isNull() ? Optional.empty()
                    : Optional.of(new Cursor(next.path("repository").asText(""), next.path("tag").asText("")));
            return new Request(json.path("dryRun").asBoolean(false), rate, continuation);
        }
    }

    private static Map<String, Object> response(Enqueue.Result result) {
        Map<String, Object> response = new LinkedHashMap<>();
        BackfillSummary summary = result.summary();
        for (BackfillSummary.Outcome outcome : List.of(BackfillSummary.Outcome.ENQUEUED, BackfillSummary.Outcome.ALREADY,
                BackfillSummary.Outcome.SKIPPED, BackfillSummary.Outcome.FAILED, BackfillSummary.Outcome.WOULD_ENQUEUE)) {
            response.put(outcome.label(), summary.count(outcome));
        }
        // Not done when stopped early; a missing continuation then means from the beginning.
        response.put("done", result.stopped().isEmpty());
        response.put("continuation", result.continuation()
                .map(c -> Map.of("repository", c.repository(), "tag", c.tag())).orElse(null));
        response.put("stopped", result.stopped().orElse(null));
        response.put("failures", summary.images().stream()
                .filter(i -> i.outcome() == BackfillSummary.Outcome.FAILED)
                .map(i -> Map.of("image", i.repository() + ":" + i.tag(), "reason", i.reason() == null ? "" : i.reason()))
                .toList());
        return response;
    }

    /** @param functionArn {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}: the registry is ACCOUNT's */
    static Wiring deployed(Map<String, String> environment, String functionArn) {
        BackfillConfig config = BackfillConfig.fromEnvironment(environment);
        String account = functionArn.split(":")[4];
        return new Wiring(config, new EcrCatalog(AwsClients.ecr(), account),
                new EventBridgeRequestBus(AwsClients.eventBridge(), config.busName(), Defaults.EVENT_SOURCE),
                Clock.systemUTC(), Sleeper.real());
    }
}
