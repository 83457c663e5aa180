package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.MetricNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.event.ruler.Machine;

class SociIndexBuilderStackTest {
    private static final String ACCOUNT = "123456789012";
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:" + ACCOUNT + ":ops";
    private static final String BOUNDARY = "arn:aws:iam::" + ACCOUNT + ":policy/developer-boundary";

    @TempDir
    static Path tempDir;

    private static SociIndexBuilderStack defaultStack;
    private static Template defaults;
    private static SociIndexBuilderStack optionsStack;
    private static Template options;

    @BeforeAll
    static void synthesize() {
        defaultStack = TestStacks.synthesizable(IndexerSettings.builder().build(), tempDir);
        defaults = Template.fromStack(defaultStack);
        optionsStack = TestStacks.synthesizable(IndexerSettings.builder()
                .filters(ImageFilters.parse("team/api:*,prod-*:release-*"))
                .vpc(Optional.of(new VpcPlacement("vpc-0a1b2c3d4e5f60718", List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"), List.of("sg-0f1e2d3c4b5a69788"))))
                .queueKmsKeyArn(Optional.of(KMS_KEY))
                .alarmTopicArn(Optional.of(TOPIC))
                .permissionsBoundaryArn(Optional.of(BOUNDARY))
                .completionEventBus(Optional.empty())
                .reservedConcurrency(OptionalInt.empty())
                .logRetentionDays(90)
                .build(), tempDir);
        options = Template.fromStack(optionsStack);
    }

    @Test
    void functionRunsTheHandlerOnJava21WithSpillSpaceAndTwoVcpus() {
        // the indexer and the backfill entry (BackfillStackTest)
        defaults.resourceCountIs("AWS::Lambda::Function", 2);
        defaults.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dev.sociindex.lambda.IndexerHandler::handleRequest",
                "MemorySize", 3538,
                "EphemeralStorage", Map.of("Size", 10240),
                "Timeout", 900,
                "Architectures", List.of("arm64"),
                "ReservedConcurrentExecutions", 5));
        assertFalse(defaults.toJSON().toString().contains("SnapStart"), "SnapStart is opt-in");
        options.hasResourceProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
    }

    @Test
    void functionEnvironmentComesFromTheSharedContract() {
        Map<String, Object> variables = functionEnvironment(defaults);
        assertEquals("*:*", variables.get(ConfigKeys.FILTERS));
        assertEquals("-soci", variables.get(ConfigKeys.OUTPUT_TAG_SUFFIX));
        assertEquals("4194304", variables.get(ConfigKeys.SPAN_SIZE));
        assertEquals("10485760", variables.get(ConfigKeys.MIN_LAYER_SIZE));
        assertEquals(Map.of("Ref", logicalId(defaults, "AWS::SQS::Queue")), variables.get(ConfigKeys.DLQ_URL));
        assertEquals("default", variables.get(ConfigKeys.EVENT_BUS_NAME));
        assertEquals("soci-index-builder", variables.get(ConfigKeys.EVENT_SOURCE));
        assertEquals("/tmp", variables.get(ConfigKeys.SPILL_DIRECTORY));
        assertEquals(MetricNames.SERVICE, variables.get("POWERTOOLS_SERVICE_NAME"));
        assertEquals(MetricNames.NAMESPACE, variables.get("POWERTOOLS_METRICS_NAMESPACE"));
        assertEquals(Map.of("Ref", logicalId(defaults, "AWS::DynamoDB::Table")), variables.get(ConfigKeys.ZTOC_CACHE_TABLE));
        assertEquals("", variables.get(ConfigKeys.SOURCE_ACCOUNT_ROLES));
        assertEquals("", variables.get(ConfigKeys.OPTIMIZATIONS));
        assertEquals("", variables.get(ConfigKeys.PREFETCH_PATHS));
        assertEquals("true", variables.get(ConfigKeys.TAG_WHEN_EMPTY), "on by default in the stack");
        assertEquals("false", variables.get(ConfigKeys.UNTAG_ON_DELETE), "off by default");
        assertEquals(16, variables.size());
        assertEquals("team/api:*,prod-*:release-*", functionEnvironment(options).get(ConfigKeys.FILTERS));
        assertEquals("", functionEnvironment(options).get(ConfigKeys.EVENT_BUS_NAME), "completion events turned off");
    }

    @Test
    void ruleSelectsPushesAndDeliversWithRetriesAgeLimitAndDeadLetterQueue() throws Exception {
        String queue = logicalId(defaults, "AWS::SQS::Queue");
        defaults.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.ecr"),
                        "detail-type", List.of("ECR Image Action"),
                        "detail", Map.of(
                                "action-type", List.of("PUSH"),
                                "result", List.of("SUCCESS"),
                                "image-tag", List.of(Map.of("anything-but", Map.of("wildcard", List.of("", "*-soci")))))),
                "Targets", List.of(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(logicalId(defaults, "AWS::Lambda::Function"), "Arn")),
                        "Id", Match.anyValue(),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 8, "MaximumEventAgeInSeconds", 21600),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(queue, "Arn"))))),
                "State", "ENABLED"));
        // The synthesized pattern, exactly as CloudFormation gets it, run against real-shaped events.
        Machine rule = new Machine();
        rule.addRule("synthesized", new ObjectMapper().writeValueAsString(onlyResource(options, "AWS::Events::Rule").get("EventPattern")));
        assertTrue(ImagePushPatternTest.selects(rule, ImagePushPatternTest.push("team/api", "v2")));
        assertTrue(ImagePushPatternTest.selects(rule, ImagePushPatternTest.push("prod-web", "release-7")));
        assertFalse(ImagePushPatternTest.selects(rule, ImagePushPatternTest.push("prod-web", "v2")));
        assertFalse(ImagePushPatternTest.selects(rule, ImagePushPatternTest.push("team/api", "v2-soci")));
        assertFalse(ImagePushPatternTest.selects(rule, ImagePushPatternTest.push("team/web", "v2")));
    }

    @Test
    void asynchronousInvocationsRetryAndThenLandInTheDeadLetterQueue() {
        defaults.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "Qualifier", "$LATEST",
                "MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 21600,
                "DestinationConfig", Map.of("OnFailure", Map.of(
                        "Destination", Map.of("Fn::GetAtt", List.of(logicalId(defaults, "AWS::SQS::Queue"), "Arn"))))));
        defaults.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(logicalId(defaults, "AWS::Events::Rule"), "Arn"))));
    }

    @Test
    void deadLetterQueueIsEncryptedKeptFourteenDaysAndRefusesPlainHttp() {
        defaults.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 1209600, "SqsManagedSseEnabled", true));
        options.hasResourceProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", KMS_KEY, "SqsManagedSseEnabled", Match.absent()));
        defaults.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Map.of("Effect", "Deny", "Action", "sqs:*", "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                        "Resource", Map.of("Fn::GetAtt", List.of(logicalId(defaults, "AWS::SQS::Queue"), "Arn"))))))));
    }

    @Test
    void noAllowStatementAnywhereGrantsAWildcardAction() {
        for (Template template : List.of(defaults, options)) {
            List<Map<String, Object>> statements = allPolicyStatements(template);
            assertTrue(statements.size() >= 5, "found the function's statements");
            for (Map<String, Object> statement : statements) {
                boolean wildcardAction = actions(statement).stream().anyMatch(a -> a.contains("*"));
                if (wildcardAction) {
                    // The one exception is the SSL guard, a Deny that must cover every SQS action.
                    assertEquals("Deny", statement.get("Effect"), statement.toString());
                    assertEquals(Map.of("Bool", Map.of("aws:SecureTransport", "false")), statement.get("Condition"));
                }
            }
        }
    }

    @Test
    void functionRoleHasExactlyTheNeededStatements() {
        Map<String, Map<String, Object>> bySid = functionStatementsBySid(defaults);
        assertEquals(List.of("ecr:GetAuthorizationToken"), actions(bySid.get("EcrAuthorizationToken")));
        assertEquals("*", bySid.get("EcrAuthorizationToken").get("Resource"));
        assertEquals(IndexerPolicy.REPOSITORY_ACTIONS, actions(bySid.get("EcrPullAndPush")));
        assertEquals(List.of("arn:aws:ecr:eu-west-1:" + ACCOUNT + ":repository/*"), resources(bySid.get("EcrPullAndPush")));
        assertEquals(List.of("sqs:SendMessage"), actions(bySid.get("DeadLetterQueue")));
        assertEquals(List.of("events:PutEvents"), actions(bySid.get("CompletionEvents")));
        assertEquals(List.of("arn:aws:events:eu-west-1:" + ACCOUNT + ":event-bus/default"), resources(bySid.get("CompletionEvents")));
        assertEquals(Map.of("StringEquals", Map.of("events:source", List.of("soci-index-builder"))), bySid.get("CompletionEvents").get("Condition"));
        assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents"), actions(bySid.get("")));
        assertEquals(Map.of("Fn::GetAtt", List.of(logicalId(defaults, "AWS::Logs::LogGroup"), "Arn")), bySid.get("").get("Resource"));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem"), actions(bySid.get("ZtocCache")));
        assertEquals(6, bySid.size(), bySid.keySet().toString());
    }

    @Test
    void specificFiltersGrantOnlyTheirRepositories() {
        Map<String, Map<String, Object>> bySid = functionStatementsBySid(options);
        assertEquals(List.of("arn:aws:ecr:eu-west-1:" + ACCOUNT + ":repository/team/api",
                "arn:aws:ecr:eu-west-1:" + ACCOUNT + ":repository/prod-*"), resources(bySid.get("EcrPullAndPush")));
        assertFalse(bySid.containsKey("CompletionEvents"), "no completion bus, no events:PutEvents");
        assertEquals(List.of("kms:GenerateDataKey", "kms:Decrypt"), actions(bySid.get("DeadLetterQueueKey")));
        assertEquals(KMS_KEY, bySid.get("DeadLetterQueueKey").get("Resource"));
        assertEquals(IndexerPolicy.NETWORK_INTERFACE_ACTIONS, actions(bySid.get("VpcNetworkInterfaces")), "Lambda can attach to the subnets");
        options.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void optionalVpcPermissionsBoundaryAndLogRetentionAreApplied() {
        options.hasResourceProperties("AWS::Lambda::Function", Map.of("VpcConfig", Map.of(
                "SubnetIds", List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
                "SecurityGroupIds", List.of("sg-0f1e2d3c4b5a69788"))));
        options.hasResourceProperties("AWS::IAM::Role", Map.of("PermissionsBoundary", BOUNDARY));
        defaults.hasResourceProperties("AWS::IAM::Role", Map.of("PermissionsBoundary", Match.absent()));
        options.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
        defaults.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        defaults.hasResourceProperties("AWS::Lambda::Function", Map.of("VpcConfig", Match.absent(),
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", logicalId(defaults, "AWS::Logs::LogGroup")))));
    }

    @Test
    void alarmsWatchTheQueueErrorsThrottlesAndDurationAndNotifyTheTopic() {
        defaults.resourceCountIs("AWS::CloudWatch::Alarm", 5);
        defaults.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 1, "EvaluationPeriods", 1,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Metric", Match.objectLike(Map.of("MetricName", MetricNames.COMPLETION_EVENTS_FAILED,
                                "Namespace", MetricNames.NAMESPACE, "Dimensions", List.of(Map.of(
                                        "Name", MetricNames.DIMENSION_SERVICE, "Value", MetricNames.SERVICE)))),
                        "Stat", "Sum"))))))));
        defaults.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold", "EvaluationPeriods", 1,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Metric", Match.objectLike(Map.of("MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS")),
                        "Stat", "Maximum"))))))));
        defaults.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 10,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", "IF(invocations > 0, 100 * errors / invocations, 0)"))))));
        defaults.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 1, "EvaluationPeriods", 3,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Metric", Match.objectLike(Map.of("MetricName", "Throttles"))))))))));
        defaults.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 810000,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Metric", Match.objectLike(Map.of("MetricName", "Duration")), "Stat", "Maximum"))))))));
        defaults.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", Match.absent()));
        options.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(TOPIC), "OKActions", List.of(TOPIC)));
    }

    @Test
    void dashboardShowsTheIndexerMetricsByDimensionAndRecentFailures() throws Exception {
        Map<String, JsonNode> widgets = dashboardWidgetsByTitle(defaults);
        assertEquals(List.of("Images indexed", "Images skipped, by reason", "Images failed, by error type", "Index duration (ms)",
                "Compressed bytes processed", "Layers skipped, by reason", "Lambda invocations, errors, throttles",
                "Lambda concurrency and duration", "Dead-letter queue depth", "Recent failures"), List.copyOf(widgets.keySet()));
        assertEquals("[[\"SociIndexBuilder\",\"ImagesIndexed\",\"Service\",\"soci-index-builder\",{\"label\":\"ImagesIndexed (Sum)\",\"stat\":\"Sum\"}],"
                + "[\"SociIndexBuilder\",\"LayersIndexed\",\"Service\",\"soci-index-builder\",{\"label\":\"LayersIndexed (Sum)\",\"stat\":\"Sum\"}]]",
                widgets.get("Images indexed").at("/properties/metrics").toString());
        assertEquals("SEARCH('{SociIndexBuilder,Service,Reason} MetricName=\"ImagesSkipped\" Service=\"soci-index-builder\"', 'Sum', 300)",
                widgets.get("Images skipped, by reason").at("/properties/metrics/0/0/expression").asText());
        assertEquals("SEARCH('{SociIndexBuilder,Service,ErrorType} MetricName=\"ImagesFailed\" Service=\"soci-index-builder\"', 'Sum', 300)",
                widgets.get("Images failed, by error type").at("/properties/metrics/0/0/expression").asText());
        assertEquals("SEARCH('{SociIndexBuilder,Service,ErrorType} MetricName=\"TransientFailures\" Service=\"soci-index-builder\"', 'Sum', 300)",
                widgets.get("Images failed, by error type").at("/properties/metrics/1/0/expression").asText());
        JsonNode durations = widgets.get("Index duration (ms)").at("/properties/metrics");
        assertEquals(List.of("p50", "p90", "Maximum"), List.of(durations.at("/0/4/stat").asText(), durations.at("/1/4/stat").asText(),
                durations.at("/2/4/stat").asText()));
        assertEquals("IndexDurationMs", durations.at("/0/1").asText());
        assertEquals("BytesProcessed", widgets.get("Compressed bytes processed").at("/properties/metrics/0/1").asText());
        assertEquals(List.of("Invocations", "Errors", "Throttles"), metricNames(widgets.get("Lambda invocations, errors, throttles")));
        assertEquals(List.of("ConcurrentExecutions", "Duration"), metricNames(widgets.get("Lambda concurrency and duration")));
        assertEquals(List.of("ApproximateNumberOfMessagesVisible"), metricNames(widgets.get("Dead-letter queue depth")));
        String query = widgets.get("Recent failures").at("/properties/query").asText();
        assertTrue(query.startsWith("SOURCE 'REF:" + logicalId(defaults, "AWS::Logs::LogGroup") + "' | fields @timestamp, @message"), query);
        assertTrue(query.contains("filter level = \"ERROR\""), query);
    }

    @Test
    void outputsNameTheFunctionQueueAndDashboard() {
        defaults.hasOutput("FunctionName", Map.of("Value", Map.of("Ref", logicalId(defaults, "AWS::Lambda::Function"))));
        defaults.hasOutput("DeadLetterQueueUrl", Map.of("Value", Map.of("Ref", logicalId(defaults, "AWS::SQS::Queue"))));
        String url = new ObjectMapper().valueToTree(defaults.findOutputs("DashboardUrl", Map.of())).toString();
        assertTrue(url.contains("#dashboards:name=") && url.contains(logicalId(defaults, "AWS::CloudWatch::Dashboard")), url);
    }

    @Test
    void cdkNagAwsSolutionsPassesWithJustifiedSuppressions() {
        for (SociIndexBuilderStack stack : List.of(defaultStack, optionsStack)) {
            var errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            var warnings = Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            assertEquals(List.of(), errors.stream().map(m -> m.getEntry().getData()).toList());
            assertEquals(List.of(), warnings.stream().map(m -> m.getEntry().getData()).toList());
        }
        // Nor any other warning: the CDK warnings that do not apply here are acknowledged with a reason.
        assertEquals(List.of(), Annotations.fromStack(optionsStack).findWarning("*", Match.anyValue()).stream()
                .map(m -> m.getEntry().getData()).toList());
        // The checks ran and each suppression was used (an unused one would be dead weight).
        assertEquals(List.of("AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-SQS3"), suppressedRules(defaultStack));
        assertEquals(List.of("AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-SQS3"), suppressedRules(optionsStack));
    }

    @Test
    void snapStartTargetsAPublishedAliasWithSmallEphemeralStorage() {
        SociIndexBuilderStack snapStack = TestStacks.synthesizable(
                IndexerSettings.builder().snapStart(true).ephemeralStorageSize(512).build(), tempDir);
        Template snap = Template.fromStack(snapStack);
        assertEquals(List.of(), Annotations.fromStack(snapStack).findWarning("*", Match.anyValue()).stream()
                .map(m -> m.getEntry().getData()).toList());
        snap.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "EphemeralStorage", Map.of("Size", 512)));
        snap.resourceCountIs("AWS::Lambda::Version", 1);
        String alias = logicalId(snap, "AWS::Lambda::Alias");
        snap.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        snap.hasResourceProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", alias))))));
        Map<String, Object> invokeConfig = onlyResource(snap, "AWS::Lambda::EventInvokeConfig");
        assertEquals(2, invokeConfig.get("MaximumRetryAttempts"));
        assertTrue(invokeConfig.get("Qualifier").toString().contains(alias), "retries configured on the alias the rule invokes");
    }

    @Test
    void snapStartWithLargeEphemeralStorageFailsBeforeCdkDoes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> IndexerSettings.builder().snapStart(true).build());
        assertTrue(error.getMessage().startsWith("snapStart=true cannot be combined with ephemeralStorageSize=10240 MiB"), error.getMessage());
    }

    @Test
    void aMissingFunctionJarSaysHowToBuildIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SociIndexBuilderProps(IndexerSettings.builder().build(), tempDir.resolve("absent/soci-index-builder-function.jar")));
        assertTrue(error.getMessage().endsWith("does not exist: run ./build jar first (it builds function/target/soci-index-builder-function.jar)"),
                error.getMessage());
    }

    // ---- template helpers

    private static List<String> suppressedRules(SociIndexBuilderStack stack) {
        return Annotations.fromStack(stack).findInfo("*", Match.stringLikeRegexp(".*AwsSolutions-.*")).stream()
                .map(m -> String.valueOf(m.getEntry().getData()).replaceAll("(?s).*?(AwsSolutions-[A-Za-z0-9]+).*", "$1"))
                .distinct().sorted().toList();
    }

    /** The dashboard body is a Fn::Join of JSON text and references; references become "REF:logicalId". */
    @SuppressWarnings("unchecked")
    private static Map<String, JsonNode> dashboardWidgetsByTitle(Template template) throws Exception {
        List<Object> join = (List<Object>) ((Map<String, Object>) onlyResource(template, "AWS::CloudWatch::Dashboard").get("DashboardBody")).get("Fn::Join");
        String body = ((List<Object>) join.get(1)).stream()
                .map(part -> part instanceof String text ? text : "REF:" + ((Map<String, Object>) part).values().iterator().next().toString())
                .collect(Collectors.joining());
        Map<String, JsonNode> byTitle = new java.util.LinkedHashMap<>();
        new ObjectMapper().readTree(body).get("widgets").forEach(widget -> byTitle.put(widget.at("/properties/title").asText(), widget));
        return byTitle;
    }

    private static List<String> metricNames(JsonNode widget) {
        List<String> names = new ArrayList<>();
        widget.at("/properties/metrics").forEach(metric -> names.add(metric.get(1).asText()));
        return names;
    }

    /** The one resource of this type that is the indexer's: the backfill entry and its rule have tests of their own. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyResource(Template template, String type) {
        return (Map<String, Object>) indexerResources(template, type).values().iterator().next().get("Properties");
    }

    private static String logicalId(Template template, String type) {
        return indexerResources(template, type).keySet().iterator().next();
    }

    private static Map<String, Map<String, Object>> indexerResources(Template template, String type) {
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>(template.findResources(type));
        found.keySet().removeIf(id -> id.startsWith(BackfillStackTest.LOGICAL_ID_PREFIX));
        assertEquals(1, found.size(), type + " of the indexer: " + found.keySet());
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> functionEnvironment(Template template) {
        return (Map<String, Object>) ((Map<String, Object>) onlyResource(template, "AWS::Lambda::Function").get("Environment")).get("Variables");
    }

    /** Every statement of every IAM policy, inline role policy and resource policy in the template. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allPolicyStatements(Template template) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::SQS::QueuePolicy")) {
            template.findResources(type).values().forEach(resource -> {
                Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) resource.get("Properties")).get("PolicyDocument");
                statements.addAll((List<Map<String, Object>>) document.get("Statement"));
            });
        }
        template.findResources("AWS::IAM::Role").values().forEach(resource -> {
            List<Map<String, Object>> inline = (List<Map<String, Object>>) ((Map<String, Object>) resource.get("Properties")).get("Policies");
            if (inline != null) {
                inline.forEach(p -> statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement")));
            }
        });
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> functionStatementsBySid(Template template) {
        Map<String, Object> policy = onlyResource(template, "AWS::IAM::Policy");
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
        return statements.stream().collect(Collectors.toMap(s -> String.valueOf(s.getOrDefault("Sid", "")), s -> s));
    }

    @SuppressWarnings("unchecked")
    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
    }

    /** Resources rendered as the ARNs they become in account 123456789012, region eu-west-1, partition aws. */
    private static List<String> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        List<?> list = resource instanceof List<?> l ? l : List.of(resource);
        return list.stream().map(SociIndexBuilderStackTest::render).toList();
    }

    @SuppressWarnings("unchecked")
    private static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.containsKey("Ref")) {
            return switch ((String) intrinsic.get("Ref")) {
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> "eu-west-1";
                case "AWS::AccountId" -> ACCOUNT;
                default -> throw new AssertionError("unexpected Ref " + intrinsic);
            };
        }
        List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
        return ((List<Object>) join.get(1)).stream().map(SociIndexBuilderStackTest::render).collect(Collectors.joining((String) join.get(0)));
    }
}
