package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.contract.ConfigKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The zTOC cache table and the cross-account parts (bus, its policy, the forwarded-push rule, AssumeRole) in the template. */
class CrossAccountAndCacheStackTest {
    private static final String ROLE_A = "arn:aws:iam::111111111111:role/soci-reader";
    private static final String ROLE_B = "arn:aws:iam::222222222222:role/soci-reader";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tempDir;
    private static SociIndexBuilderStack crossAccountStack;
    private static Template crossAccount;
    private static Template singleAccount;

    @BeforeAll
    static void synthesize() {
        crossAccountStack = TestStacks.synthesizable(IndexerSettings.builder()
                .sourceAccountRoles(new ContextSettings(Map.<String, Object>of(ContextSettings.SOURCE_ACCOUNT_ROLES,
                        "222222222222=" + ROLE_B + ",111111111111=" + ROLE_A)::get).read().sourceAccountRoles())
                .build(), tempDir);
        crossAccount = Template.fromStack(crossAccountStack);
        singleAccount = Template.fromStack(TestStacks.synthesizable(IndexerSettings.builder().build(), tempDir));
    }

    @Test
    void theCacheTableIsOnDemandWithTtlAndRecoveryAndOnlyGetAndPutAreGranted() {
        for (Template template : List.of(singleAccount, crossAccount)) {
            template.resourceCountIs("AWS::DynamoDB::Table", 1);
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                    "BillingMode", "PAY_PER_REQUEST",
                    "KeySchema", List.of(Map.of("AttributeName", "key", "KeyType", "HASH")),
                    "AttributeDefinitions", List.of(Map.of("AttributeName", "key", "AttributeType", "S")),
                    "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
            String table = logicalId(template, "AWS::DynamoDB::Table");
            JsonNode statement = statement(template, "ZtocCache");
            assertEquals("[\"dynamodb:GetItem\",\"dynamodb:PutItem\"]", statement.get("Action").toString());
            assertEquals("{\"Fn::GetAtt\":[\"" + table + "\",\"Arn\"]}", statement.get("Resource").toString());
            assertEquals(List.of(), allActions(template).stream().filter(a -> a.startsWith("dynamodb:")
                    && !a.equals("dynamodb:GetItem") && !a.equals("dynamodb:PutItem")).toList(), "no other DynamoDB action");
            template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                    Match.objectLike(Map.of(ConfigKeys.ZTOC_CACHE_TABLE, Map.of("Ref", table))))));
        }
    }

    @Test
    void withoutSourceAccountsThereIsNoBusAndNoAssumeRole() {
        singleAccount.resourceCountIs("AWS::Events::EventBus", 0);
        singleAccount.resourceCountIs("AWS::Events::EventBusPolicy", 0);
        assertTrue(allActions(singleAccount).stream().noneMatch(a -> a.startsWith("sts:")));
        singleAccount.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of(ConfigKeys.SOURCE_ACCOUNT_ROLES, "")))));
    }

    @Test
    void theSourceAccountsMayPutEventsOnTheBusAndNobodyElse() {
        crossAccount.resourceCountIs("AWS::Events::EventBus", 1);
        String bus = logicalId(crossAccount, "AWS::Events::EventBus");
        JsonNode policies = JSON.valueToTree(crossAccount.findResources("AWS::Events::EventBusPolicy", Map.of()));
        assertEquals(1, policies.size());
        JsonNode statement = policies.elements().next().path("Properties").path("Statement");
        assertEquals("cdk-SourceAccountsPutEcrEvents", statement.path("Sid").asText(), "CDK prefixes the statement id");
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("events:PutEvents", statement.path("Action").asText());
        assertEquals("{\"Fn::GetAtt\":[\"" + bus + "\",\"Arn\"]}", statement.path("Resource").toString());
        List<String> principals = new ArrayList<>();
        statement.path("Principal").path("AWS").forEach(p -> principals.add(p.toString()));
        assertEquals(2, principals.size(), statement.toString());
        assertTrue(principals.get(0).contains(":iam::111111111111:root"), principals.toString());
        assertTrue(principals.get(1).contains(":iam::222222222222:root"), principals.toString());
        crossAccount.hasOutput("SourceAccountsBusArn", Map.of("Value", Map.of("Fn::GetAtt", List.of(bus, "Arn"))));
    }

    @Test
    void forwardedPushesReachTheFunctionThroughTheSamePatternAndTarget() {
        String bus = logicalId(crossAccount, "AWS::Events::EventBus");
        JsonNode rules = JSON.valueToTree(crossAccount.findResources("AWS::Events::Rule", Map.of()));
        assertEquals(3, rules.size(), "pushes on the default bus, forwarded pushes, backfill requests");
        List<JsonNode> properties = new ArrayList<>();
        rules.forEach(rule -> {
            if (rule.path("Properties").path("EventPattern").path("source").get(0).asText().equals("aws.ecr")) {
                properties.add(rule.path("Properties"));
            }
        });
        assertEquals(2, properties.size());
        JsonNode onDefault = properties.stream().filter(p -> p.path("EventBusName").isMissingNode()).findFirst().orElseThrow();
        JsonNode forwarded = properties.stream().filter(p -> !p.path("EventBusName").isMissingNode()).findFirst().orElseThrow();
        assertEquals("{\"Ref\":\"" + bus + "\"}", forwarded.path("EventBusName").toString());
        assertEquals(onDefault.path("EventPattern"), forwarded.path("EventPattern"));
        JsonNode target = forwarded.path("Targets").get(0);
        assertEquals(onDefault.path("Targets").get(0).path("Arn"), target.path("Arn"));
        assertEquals(onDefault.path("Targets").get(0).path("DeadLetterConfig"), target.path("DeadLetterConfig"));
        assertEquals(onDefault.path("Targets").get(0).path("RetryPolicy"), target.path("RetryPolicy"));
    }

    @Test
    void theFunctionMayAssumeExactlyTheConfiguredRoles() {
        JsonNode statement = statement(crossAccount, "SourceAccountRoles");
        assertEquals("sts:AssumeRole", statement.get("Action").asText());
        assertEquals("[\"" + ROLE_A + "\",\"" + ROLE_B + "\"]", statement.get("Resource").toString());
        assertEquals(List.of("sts:AssumeRole"), allActions(crossAccount).stream().filter(a -> a.startsWith("sts:")).toList());
        crossAccount.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of(ConfigKeys.SOURCE_ACCOUNT_ROLES, "111111111111=" + ROLE_A + ",222222222222=" + ROLE_B)))));
    }

    @Test
    void cdkNagFindsNothingNewInTheCrossAccountParts() {
        var findings = new ArrayList<Object>();
        Annotations.fromStack(crossAccountStack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).forEach(m -> findings.add(m.getEntry().getData()));
        Annotations.fromStack(crossAccountStack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).forEach(m -> findings.add(m.getEntry().getData()));
        assertEquals(List.of(), findings);
    }

    @Test
    void aBadRoleEntryNamesTheContextKey() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ContextSettings(Map.<String, Object>of(ContextSettings.SOURCE_ACCOUNT_ROLES, "111111111111=" + ROLE_B)::get).read());
        assertTrue(error.getMessage().startsWith("context key 'sourceAccountRoles': source account role '111111111111="), error.getMessage());
    }

    private static JsonNode statement(Template template, String sid) {
        for (JsonNode policy : JSON.valueToTree(template.findResources("AWS::IAM::Policy", Map.of()))) {
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (sid.equals(statement.path("Sid").asText())) {
                    return statement;
                }
            }
        }
        throw new AssertionError("no policy statement " + sid);
    }

    private static List<String> allActions(Template template) {
        List<String> actions = new ArrayList<>();
        for (JsonNode policy : JSON.valueToTree(template.findResources("AWS::IAM::Policy", Map.of()))) {
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                JsonNode action = statement.path("Action");
                if (action.isArray()) {
                    action.forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
            }
        }
        return actions;
    }

    private static String logicalId(Template template, String type) {
        Map<String, Map<String, Object>> found = template.findResources(type, Map.of());
        assertEquals(1, found.size(), type);
        return found.keySet().iterator().next();
    }
}
