package dev.sociindex.infra;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The backfill entry: a function of its own, from the same jar, that an operator invokes once (with
 * {@code aws lambda invoke}) to put one backfill request per image of the registry on the bus; the backfill rule
 * hands them to the indexer. It lists and puts, nothing more: its role may list repositories and images and put
 * only backfill requests on that one bus, and it can neither read an image nor write to a repository.
 */
final class BackfillEntry extends Construct {
    static final String HANDLER = "dev.sociindex.lambda.BackfillHandler::handleRequest";
    /** Listing and putting events need little memory; the JVM starts faster with a little more than the minimum. */
    static final int MEMORY_MIB = 512;
    /** Listing is paginated and pacing is slow by design: one invocation goes on as long as Lambda allows. */
    static final int TIMEOUT_SECONDS = IndexerSettings.MAX_TIMEOUT_SECONDS;
    /** The bus the stack's rules are on (ECR sends its events to the account's default bus). */
    static final String BUS = "default";
    static final List<String> LIST_IMAGES_ACTIONS = List.of("ecr:DescribeImages");

    private final Function function;
    private final Role role;

    BackfillEntry(Construct scope, String id, IndexerSettings settings, Code code) {
        super(scope, id);
        Stack stack = Stack.of(this);
        LogGroup logs = LogGroup.Builder.create(this, "Logs").retention(LogRetention.of(settings.logRetentionDays())).build();
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("soci-index-builder backfill: lists the registry's images and enqueues one request per image")
                .build();
        statements(stack, settings).forEach(role::addToPrincipalPolicy);
        logs.grantWrite(role);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ConfigKeys.FILTERS, settings.filters().toString());
        environment.put(ConfigKeys.OUTPUT_TAG_SUFFIX, settings.outputTagSuffix());
        environment.put(ConfigKeys.BACKFILL_EVENT_BUS_NAME, BUS);
        function = Function.Builder.create(this, "Function")
                .description("Enqueues one SOCI backfill request per image of the registry for the indexer")
                .runtime(Runtime.JAVA_21)
                .handler(HANDLER)
                .code(code)
                .memorySize(MEMORY_MIB)
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .architecture(settings.architecture().toCdk())
                .role(role)
                .logGroup(logs)
                .environment(environment)
                .build();
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("DescribeRepositories lists names only and must cover every repository to list them (the filters"
                        + " are applied in code); DescribeImages is on the repositories the filters select, which end in a"
                        + " wildcard only where a filter's repository part is a glob.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("Same jar and runtime as the indexer: compiled for and tested on java21 (--release 21).")
                .build()));
    }

    /** Listing, and backfill requests on the one bus: the function cannot pull, push or put any other event. */
    static List<PolicyStatement> statements(Stack stack, IndexerSettings settings) {
        String allRepositories = stack.formatArn(ArnComponents.builder().service("ecr").resource("repository").resourceName("*").build());
        String bus = stack.formatArn(ArnComponents.builder().service("events").resource("event-bus").resourceName(BUS).build());
        return List.of(
                allow("EcrListRepositories", List.of("ecr:DescribeRepositories"), List.of(allRepositories)),
                allow("EcrListImages", LIST_IMAGES_ACTIONS, IndexerPolicy.repositoryArns(stack, settings)),
                PolicyStatement.Builder.create()
                        .sid("BackfillRequests")
                        .effect(Effect.ALLOW)
                        .actions(List.of("events:PutEvents"))
                        .resources(List.of(bus))
                        .conditions(Map.of("StringEquals", conditions()))
                        .build());
    }

    /** In a fixed order, so that the template is the same on every synth. */
    private static Map<String, Object> conditions() {
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("events:source", List.of(Defaults.EVENT_SOURCE));
        conditions.put("events:detail-type", List.of(Defaults.BACKFILL_DETAIL_TYPE));
        return conditions;
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    Function function() {
        return function;
    }

    Role role() {
        return role;
    }
}
