package dev.sociindex.lambda;

import dev.sociindex.aws.AwsClients;
import dev.sociindex.report.CompletionPublisher;
import dev.sociindex.report.FailureSink;
import dev.sociindex.report.Json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sociindex.contract.MetricNames;
import dev.sociindex.convert.Converter;
import dev.sociindex.registry.CredentialsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point for EventBridge {@code ECR Image Action} events. A stream handler, so that a payload that is
 * not a valid event still reaches our code and ends in the DLQ with its reason, instead of being rejected by the
 * runtime's deserialiser before any of our logging or metrics run.
 *
 * <p>The response (ignored for asynchronous invocations) is a small JSON object: {@code status} plus the outcome.
 */
public final class IndexerHandler implements RequestStreamHandler {
    /** Set by the stack; Powertools puts its value in the {@code service} field of every log line. */
    static final String SERVICE_NAME_VARIABLE = "POWERTOOLS_SERVICE_NAME";
    /** The log field Powertools fills from {@link #SERVICE_NAME_VARIABLE}. */
    static final String SERVICE_FIELD = "service";

    private final ImageIndexer indexer;

    /** Used by the Lambda runtime: configuration from the environment, AWS clients from {@link AwsClients}. */
    public IndexerHandler() {
        this(Handlers.lambdaIndexer(System.getenv(), LambdaWiring.storeFactory()));
    }

    /** Every collaborator explicit: for tests, the local invocation and the end-to-end test. */
    public IndexerHandler(Config config, StoreFactory stores, CredentialsProvider credentials, Converter converter,
                          IndexerMetrics metrics, FailureSink failures, CompletionPublisher completions, Clock clock) {
        this(new ImageIndexer(config, stores, credentials, converter, metrics, failures, completions, clock));
    }

    /** As above, with the tag remover that output lifecycle ({@code SOCI_UNTAG_ON_DELETE}) uses. */
    public IndexerHandler(Config config, StoreFactory stores, CredentialsProvider credentials, Converter converter,
                          IndexerMetrics metrics, FailureSink failures, CompletionPublisher completions, Clock clock,
                          TagRemovers tagRemovers) {
        this(new ImageIndexer(config, stores, credentials, converter, metrics, failures, completions, clock, tagRemovers));
    }

    private IndexerHandler(ImageIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] payload = input.readAllBytes();
        PowertoolsLogging.initializeLogging(context);
        if (System.getenv(SERVICE_NAME_VARIABLE) == null) {
            // Outside the stack (local runs, tests) Powertools would log "service_undefined"; the metrics always
            // carry the service, so the logs should name the same one.
            MDC.put(SERVICE_FIELD, MetricNames.SERVICE);
        }
        try {
            Outcome outcome = indexer.index(payload, context);
            output.write(Json.MAPPER.writeValueAsBytes(response(outcome)));
        } finally {
            PowertoolsLogging.clearState(true);
        }
    }

    private static Map<String, Object> response(Outcome outcome) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", outcome.status());
        switch (outcome) {
            case Outcome.Indexed indexed -> response.put("completion", indexed.event());
            case Outcome.Skipped skipped -> {
                response.put("reason", skipped.reason().label());
                response.put("explanation", skipped.explanation());
            }
            case Outcome.Retired retired -> {
                response.put("outputTag", retired.outputTag());
                response.put("result", retired.result());
                response.put("explanation", retired.explanation());
            }
            case Outcome.Failed failed -> {
                response.put("errorType", failed.failure().errorType());
                response.put("message", failed.failure().message());
            }
        }
        return response;
    }
}
