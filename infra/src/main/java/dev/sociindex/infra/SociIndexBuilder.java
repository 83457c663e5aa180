package dev.sociindex.infra;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.MetricNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PermissionsBoundary;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The indexer: an EventBridge rule that selects ECR pushes, the function that builds their SOCI indexes, and
 * the dead-letter queue that keeps every event that finally failed, with least-privilege permissions.
 * Monitoring lives in {@link IndexerMonitoring}.
 */
public final class SociIndexBuilder extends Construct {
    /** The Lambda entry point in the {@code function} module's shaded jar. */
    public static final String HANDLER = "dev.sociindex.lambda.IndexerHandler::handleRequest";
    /** The function's ephemeral storage, reserved for spilling the checkpoints and zTOC of very large layers. */
    public static final String SPILL_DIRECTORY = "/tmp";
    /** SnapStart only serves published versions; the rule invokes this alias of the current version. */
    public static final String SNAPSTART_ALIAS = "live";
    /** SQS's maximum: time for an operator to look at a failure and redrive it. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private final Queue deadLetterQueue;
    private final LogGroup logGroup;
    private final Role role;
    private final Function function;
    private final IFunction invokedFunction;
    private final Rule rule;
    private final Rule backfillRule;
    private final BackfillEntry backfill;
    private final Table ztocCache;
    private final Optional<SourceAccountsBus> sourceAccountsBus;

    public SociIndexBuilder(Construct scope, String id, SociIndexBuilderProps props) {
        super(scope, id);
        IndexerSettings settings = props.settings();
        settings.permissionsBoundaryArn().ifPresent(arn ->
                PermissionsBoundary.of(this).apply(ManagedPolicy.fromManagedPolicyArn(this, "PermissionsBoundary", arn)));

        deadLetterQueue = createDeadLetterQueue(settings);
        ztocCache = ZtocCacheTable.create(this, "ZtocCache");
        logGroup = LogGroup.Builder.create(this, "Logs").retention(LogRetention.of(settings.logRetentionDays())).build();
        role = Role.Builder.create(this, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("soci-index-builder: pulls pushed images and pushes their SOCI indexes")
                .build();
        IndexerPolicy.statements(Stack.of(this), settings, deadLetterQueue.getQueueArn(), ztocCache.getTableArn()).forEach(role::addToPrincipalPolicy);
        logGroup.grantWrite(role);

        Code code = Code.fromAsset(props.functionCode().toString());
        function = createFunction(settings, code);
        invokedFunction = settings.snapStart()
                ? Alias.Builder.create(this, "LiveAlias").aliasName(SNAPSTART_ALIAS).version(function.getCurrentVersion()).build()
                : function;
        // Lambda's own retries of a failed invocation; what still fails goes to the queue with the error.
        EventInvokeConfigOptions asyncConfig = EventInvokeConfigOptions.builder()
                .retryAttempts(settings.asyncRetryAttempts())
                .maxEventAge(Duration.hours(settings.maxEventAgeHours()))
                .onFailure(new QueueArnDestination(deadLetterQueue))
                .build();
        invokedFunction.configureAsyncInvoke(asyncConfig);

        rule = Rule.Builder.create(this, "PushRule")
                .description("ECR pushes selected by the filters '" + settings.filters() + "', except untagged and '"
                        + settings.outputTagSuffix() + "' outputs")
                .eventPattern(ImagePushPattern.of(settings.filters(), settings.outputTagSuffix(), settings.untagOnDelete()))
                .build();
        // EventBridge's own retries cover failed deliveries (the invoke API refusing); events it gives up on
        // land in the same queue, so one place holds everything that was not indexed.
        rule.addTarget(ruleTarget(settings));
        // Backfill requests (backfill --enqueue, the backfill function) go to the same function, with the same
        // retries and DLQ; the pattern matches only their detail-type, never our completion events.
        backfillRule = Rule.Builder.create(this, "BackfillRule")
                .description("SOCI backfill requests for images selected by the filters '" + settings.filters() + "'")
                .eventPattern(ImagePushPattern.backfill(settings.filters(), settings.outputTagSuffix()))
                .build();
        backfillRule.addTarget(ruleTarget(settings));
        backfill = new BackfillEntry(this, "Backfill", settings, code);
        sourceAccountsBus = settings.sourceAccountRoles().isEmpty() ? Optional.empty()
                : Optional.of(new SourceAccountsBus(this, "SourceAccounts", settings.sourceAccountRoles(),
                        ImagePushPattern.of(settings.filters(), settings.outputTagSuffix(), settings.untagOnDelete()), ruleTarget(settings)));

        suppressJustifiedFindings();
    }

    private LambdaFunction ruleTarget(IndexerSettings settings) {
        return new LambdaFunction(invokedFunction, LambdaFunctionProps.builder()
                .deadLetterQueue(deadLetterQueue)
                .retryAttempts(settings.deliveryRetryAttempts())
                .maxEventAge(Duration.hours(settings.maxEventAgeHours()))
                .build());
    }

    public Table ztocCache() {
        return ztocCache;
    }

    /** The bus other accounts forward their pushes to; present when {@code sourceAccountRoles} names any. */
    public Optional<EventBus> sourceAccountsBus() {
        return sourceAccountsBus.map(SourceAccountsBus::bus);
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public Function function() {
        return function;
    }

    /** What the rule invokes: the function, or with SnapStart its {@value #SNAPSTART_ALIAS} alias. */
    public IFunction invokedFunction() {
        return invokedFunction;
    }

    public Rule rule() {
        return rule;
    }

    /** The rule that routes backfill requests to {@link #invokedFunction()}. */
    public Rule backfillRule() {
        return backfillRule;
    }

    /** The function an operator invokes to enqueue a backfill of the registry. */
    public Function backfillFunction() {
        return backfill.function();
    }

    private Queue createDeadLetterQueue(IndexerSettings settings) {
        Queue.Builder queue = Queue.Builder.create(this, "DeadLetterQueue")
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .enforceSsl(true);
        settings.queueKmsKeyArn().ifPresentOrElse(
                arn -> queue.encryption(QueueEncryption.KMS).encryptionMasterKey(Key.fromKeyArn(this, "QueueKey", arn)),
                () -> queue.encryption(QueueEncryption.SQS_MANAGED));
        return queue.build();
    }

    private Function createFunction(IndexerSettings settings, Code code) {
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description("Builds SOCI index manifest v2 artifacts for pushed ECR images")
                .runtime(Runtime.JAVA_21)
                .handler(HANDLER)
                .code(code)
                .memorySize(settings.memorySize())
                .ephemeralStorageSize(Size.mebibytes(settings.ephemeralStorageSize()))
                .timeout(Duration.seconds(settings.timeoutSeconds()))
                .architecture(settings.architecture().toCdk())
                .role(role)
                .logGroup(logGroup)
                .environment(environment(settings));
        settings.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        if (settings.snapStart()) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        settings.vpc().ifPresent(placement -> placeInVpc(builder, placement));
        Function created = builder.build();
        if (settings.snapStart()) {
            Annotations.of(created).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "The construct publishes the current version and the rule invokes its alias.");
        }
        return created;
    }

    private Map<String, String> environment(IndexerSettings settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ConfigKeys.FILTERS, settings.filters().toString());
        environment.put(ConfigKeys.OUTPUT_TAG_SUFFIX, settings.outputTagSuffix());
        environment.put(ConfigKeys.SPAN_SIZE, Long.toString(settings.spanSize()));
        environment.put(ConfigKeys.MIN_LAYER_SIZE, Long.toString(settings.minLayerSize()));
        environment.put(ConfigKeys.DLQ_URL, deadLetterQueue.getQueueUrl());
        environment.put(ConfigKeys.EVENT_BUS_NAME, settings.completionEventBus().orElse(""));
        environment.put(ConfigKeys.EVENT_SOURCE, Defaults.EVENT_SOURCE);
        environment.put(ConfigKeys.SPILL_DIRECTORY, SPILL_DIRECTORY);
        environment.put(ConfigKeys.ZTOC_CACHE_TABLE, ztocCache.getTableName());
        environment.put(ConfigKeys.SOURCE_ACCOUNT_ROLES, settings.sourceAccountRoles().toString());
        environment.put(ConfigKeys.OPTIMIZATIONS, settings.xattrOptimization() ? "xattr" : "");
        environment.put(ConfigKeys.PREFETCH_PATHS, settings.prefetchFiles().toString());
        environment.put(ConfigKeys.TAG_WHEN_EMPTY, Boolean.toString(settings.tagWhenEmpty()));
        environment.put(ConfigKeys.UNTAG_ON_DELETE, Boolean.toString(settings.untagOnDelete()));
        environment.put("POWERTOOLS_SERVICE_NAME", MetricNames.SERVICE);
        environment.put("POWERTOOLS_METRICS_NAMESPACE", MetricNames.NAMESPACE);
        return environment;
    }

    private void placeInVpc(Function.Builder builder, VpcPlacement placement) {
        // Imported by id, so synthesis needs no lookup and no AWS access; the explicit subnet selection
        // means the availability zones are never consulted.
        IVpc vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                .vpcId(placement.vpcId())
                .availabilityZones(Fn.getAzs())
                .build());
        Annotations.of(vpc).acknowledgeWarning("@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones",
                "The subnets are selected explicitly, so the availability zones are never needed at synthesis.");
        builder.vpc(vpc);
        List<ISubnet> subnets = IntStream.range(0, placement.subnetIds().size())
                .mapToObj(i -> {
                    ISubnet subnet = Subnet.fromSubnetId(this, "Subnet" + i, placement.subnetIds().get(i));
                    Annotations.of(subnet).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                            "Nothing here reads the subnet's route table.");
                    return subnet;
                })
                .toList();
        builder.vpcSubnets(SubnetSelection.builder().subnets(subnets).build());
        if (!placement.securityGroupIds().isEmpty()) {
            List<ISecurityGroup> groups = IntStream.range(0, placement.securityGroupIds().size())
                    .mapToObj(i -> SecurityGroup.fromSecurityGroupId(this, "SecurityGroup" + i, placement.securityGroupIds().get(i),
                            SecurityGroupImportOptions.builder().mutable(false).build()))
                    .toList();
            builder.securityGroups(groups);
        }
    }

    /** Each cdk-nag finding that is a deliberate choice, with the reason next to it. */
    private void suppressJustifiedFindings() {
        NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue: of the EventBridge target and of the function's asynchronous invocations.")
                .build()));
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("ecr:GetAuthorizationToken and, in a VPC, the network-interface actions Lambda needs support no"
                        + " resource-level permissions, so their resource is '*'; repository"
                        + " ARNs end in a wildcard only where a filter's repository part is a glob (e.g. prod-* or *), which is"
                        + " exactly the set of repositories the operator chose.")
                .appliesTo(List.of(
                        "Resource::*",
                        RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository\\/.*\\*.*$/g").build()))
                .build()), true);
        NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("The function is compiled for and tested on the java21 runtime (--release 21); moving to a newer"
                        + " Java runtime is a deliberate, tested change rather than an automatic one.")
                .build()));
    }
}
