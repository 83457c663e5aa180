package dev.sociindex.lambda;

import dev.sociindex.aws.AwsClients;
import dev.sociindex.report.Json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sociindex.backfill.Backfill;
import dev.sociindex.backfill.BackfillState;
import dev.sociindex.backfill.BackfillSummary;
import dev.sociindex.aws.EcrCatalog;
import dev.sociindex.backfill.ImageCatalog;
import dev.sociindex.backfill.Pacer;
import dev.sociindex.backfill.RepositoryOpener;
import dev.sociindex.convert.Converter;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
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
 * A one-off entry point: converts the images already in the function's ECR registry that the configured filters
 * select (push-triggered indexing only sees new pushes). Invoke it by hand, e.g. with
 * {@code aws lambda invoke --function-name F --payload '{"dryRun":true}'} after pointing the function's handler here,
 * or as a second function from the same jar. The run stops starting conversions when the invocation's time is nearly
 * up and reports what it did not attempt; invoking again continues, as finished images then count as already done.
 */
public final class BackfillHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillHandler.class);

    /** How a run reaches the registry; the deployed function derives it from its ARN and environment. */
    record Wiring(Config config, ImageCatalog catalog, RepositoryOpener stores, Converter converter, Clock clock) {
    }

    private final Function<Context, Wiring> wiring;

    /** Used by the Lambda runtime: the registry of the function's own account and region. */
    public BackfillHandler() {
        this(context -> deployed(System.getenv(), context));
    }

    BackfillHandler(Function<Context, Wiring> wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        boolean dryRun = Json.MAPPER.readTree(input.readAllBytes()).path("dryRun").asBoolean(false);
        Wiring run = wiring.apply(context);
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Instant deadline = run.clock().instant().plus(remaining).minus(run.config().timeBudgetMargin());
        BackfillSummary summary = new Backfill(run.catalog(), run.stores(), run.converter(),
                new Backfill.Settings(run.config().filters(), run.config().convertOptions(null), dryRun, Optional.of(deadline)),
                BackfillState.inMemory(), Pacer.unlimited(), run.clock(), LOG::info).run();
        LOG.info("backfill: {}", summary.describe());
        output.write(Json.MAPPER.writeValueAsBytes(response(summary)));
    }

    private static Map<String, Object> response(BackfillSummary summary) {
        Map<String, Object> response = new LinkedHashMap<>();
        for (BackfillSummary.Outcome outcome : BackfillSummary.Outcome.values()) {
            response.put(outcome.label(), summary.count(outcome));
        }
        List<Map<String, String>> notConverted = summary.images().stream()
                .filter(i -> i.outcome() != BackfillSummary.Outcome.CONVERTED && i.outcome() != BackfillSummary.Outcome.ALREADY)
                .map(i -> Map.of("image", i.repository() + ":" + i.tag(), "outcome", i.outcome().label(),
                        "reason", i.reason() == null ? "" : i.reason()))
                .toList();
        response.put("details", notConverted);
        return response;
    }

    private static Wiring deployed(Map<String, String> environment, Context context) {
        Config config = Config.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME
        String account = context.getInvokedFunctionArn().split(":")[4];
        RegistryAddress registry = config.registryOverride()
                .orElseGet(() -> RegistryAddress.ecr(account, AwsClients.region().id()));
        CredentialsProvider credentials = Handlers.registryCredentials(environment, clock);
        RegistryEndpoint endpoint = new RegistryEndpoint(registry.host(), registry.plainHttp());
        return new Wiring(config, new EcrCatalog(AwsClients.ecr(), account),
                repository -> RegistryImageStore.connect(endpoint, repository, credentials),
                LambdaWiring.converter(environment, new RecordedStores(LambdaWiring.storeFactory(), registry,
                        credentials)), clock);
    }
}
