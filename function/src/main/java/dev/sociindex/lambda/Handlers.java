package dev.sociindex.lambda;

import dev.sociindex.aws.AssumedRoles;
import dev.sociindex.aws.AwsClients;
import dev.sociindex.aws.EcrTagRemover;
import dev.sociindex.report.CompletionPublisher;
import dev.sociindex.aws.EventBridgeCompletionPublisher;
import dev.sociindex.report.FailureSink;
import dev.sociindex.report.PrintStreamCompletionPublisher;
import dev.sociindex.report.PrintStreamFailureSink;
import dev.sociindex.aws.SqsFailureSink;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.SourceAccountRoles;
import dev.sociindex.convert.Converter;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.aws.EcrCredentialsProvider;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * Wiring of the handler. Where the configuration names a DLQ or a bus, the real AWS clients are used; where it does
 * not (local runs), records and events are printed instead, so a run never needs AWS for anything it was not asked
 * to do.
 */
public final class Handlers {
    /** The role session name other accounts see in CloudTrail for our AssumeRole calls. */
    static final String SESSION_NAME = "soci-index-builder";

    private Handlers() {
    }

    /**
     * A handler for any environment: the end-to-end test and the local invocation use this.
     *
     * @param out where failure records and completion events go when no DLQ or bus is configured
     */
    public static IndexerHandler create(Config config, StoreFactory stores, Converter converter,
                                        CredentialsProvider credentials, IndexerMetrics metrics, PrintStream out,
                                        Clock clock) {
        return new IndexerHandler(config, stores, credentials, converter, metrics, failureSink(config, out),
                completionPublisher(config, out), clock);
    }

    /** The function as deployed: ECR credentials for the function's region, EMF for Lambda, stdout otherwise. */
    static ImageIndexer lambdaIndexer(Map<String, String> environment, StoreFactory stores) {
        Config config = Config.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        CredentialsProvider credentials = registryCredentials(environment, clock);
        Converter converter = LambdaWiring.converter(environment, LambdaWiring.PER_CONVERSION);
        return new ImageIndexer(config, stores, credentials, converter, EmfIndexerMetrics.forLambda(),
                failureSink(config, System.out), completionPublisher(config, System.out), clock,
                (account, region) -> new EcrTagRemover(AwsClients.ecr(), account));
    }

    /**
     * The function's own ECR registries through its role; with {@code SOCI_SOURCE_ACCOUNT_ROLES}, the registry of each
     * forwarding account through the role configured for it.
     */
    static CredentialsProvider registryCredentials(Map<String, String> environment, Clock clock) {
        CredentialsProvider home = new EcrCredentialsProvider(AwsClients.ecr(), AwsClients.region(), clock);
        SourceAccountRoles roles = SourceAccountRoles.parse(environment.getOrDefault(ConfigKeys.SOURCE_ACCOUNT_ROLES, ""));
        if (roles.isEmpty()) {
            return home;
        }
        AssumedRoles assumed = AssumedRoles.inRegion(AwsClients.region(), AwsClients.credentials(), SESSION_NAME);
        return new SourceAccountCredentials(roles, home, (role, region) -> EcrCredentialsProvider.forRegion(
                Region.of(region), assumed.forRole(role), "role " + role));
    }

    private static FailureSink failureSink(Config config, PrintStream out) {
        return config.dlqUrl()
                .<FailureSink>map(url -> new SqsFailureSink(AwsClients.sqs(), url))
                .orElseGet(() -> new PrintStreamFailureSink(out));
    }

    private static CompletionPublisher completionPublisher(Config config, PrintStream out) {
        return config.eventBusName()
                .<CompletionPublisher>map(bus -> new EventBridgeCompletionPublisher(AwsClients.eventBridge(), bus,
                        config.eventSource()))
                .orElseGet(() -> new PrintStreamCompletionPublisher(out, config.eventSource()));
    }
}
