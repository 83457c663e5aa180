package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;
import software.amazon.event.ruler.Machine;

/**
 * The backfill parts of the stack: the rule that routes backfill requests to the indexer (its pattern run through
 * aws/event-ruler against the request as delivered and against our own completion event), and the backfill function
 * with its environment and least-privilege role.
 */
class BackfillStackTest {
    /** The logical ids of the backfill entry's resources and of the backfill rule start with this. */
    static final String LOGICAL_ID_PREFIX = "IndexerBackfill";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";

    @TempDir
    static Path tempDir;
    private static Template defaults;
    private static Template filtered;

    @BeforeAll
    static void synthesize() {
        defaults = Template.fromStack(TestStacks.synthesizable(IndexerSettings.builder().build(), tempDir));
        filtered = Template.fromStack(TestStacks.synthesizable(IndexerSettings.builder()
                .filters(ImageFilters.parse("team/api:*,prod-*:release-*")).build(), tempDir));
    }

    private static Map.Entry<String, JsonNode> resource(Template template, String type, String idPrefix) {
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        JSON.valueToTree(template.findResources(type)).properties().forEach(e -> {
            if (e.getKey().startsWith(idPrefix)) {
                found.add(e);
            }
        });
        assertEquals(1, found.size(), type + " with id " + idPrefix + "*: " + found);
        return found.getFirst();
    }

    private static JsonNode backfillRule(Template template) {
        return resource(template, "AWS::Events::Rule", LOGICAL_ID_PREFIX + "Rule").getValue().path("Properties");
    }

    private static JsonNode pushRule(Template template) {
        return resource(template, "AWS::Events::Rule", "IndexerPushRule").getValue().path("Properties");
    }

    private static Machine machine(JsonNode pattern) throws Exception {
        Machine machine = new Machine();
        machine.addRule("synthesized", JSON.writeValueAsString(pattern));
        return machine;
    }

    private static boolean selects(Machine rule, JsonNode event) throws Exception {
        return !rule.rulesForJSONEvent(JSON.writeValueAsString(event)).isEmpty();
    }

    /** {@code test-events/backfill-request.json} (what the function's parser tests read), for another image. */
    private static ObjectNode request(String repository, String tag) throws Exception {
        Path file = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolveSibling("test-events")
                .resolve("backfill-request.json");
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(file));
        ((ObjectNode) event.path("detail")).put("repository-name", repository).put("image-tag", tag);
        return event;
    }

    @Test
    void theBackfillRuleSelectsRequestsForFilteredImagesAndNeverOurCompletionEvents() throws Exception {
        JsonNode pattern = backfillRule(defaults).path("EventPattern");
        assertEquals("[\"" + Defaults.EVENT_SOURCE + "\"]", pattern.path("source").toString());
        assertEquals("[\"" + Defaults.BACKFILL_DETAIL_TYPE + "\"]", pattern.path("detail-type").toString());
        Machine rule = machine(pattern);
        assertTrue(selects(rule, request("team/web-app", "v1.4.2")));
        assertFalse(selects(rule, request("team/web-app", "v1.4.2-soci")), "our own output");

        ObjectNode completion = request("team/web-app", "v1.4.2");
        completion.put("detail-type", Defaults.COMPLETION_DETAIL_TYPE);
        completion.set("detail", JSON.readTree("{\"repository\":\"team/web-app\",\"tag\":\"v1.4.2\",\"outputTag\":\"v1.4.2-soci\"}"));
        assertFalse(selects(rule, completion), "a completion event must never reach the indexer");
        assertFalse(selects(machine(pushRule(defaults).path("EventPattern")), completion));
        assertFalse(selects(machine(pushRule(defaults).path("EventPattern")), request("team/web-app", "v1.4.2")),
                "the push rule takes only ECR's events");

        Machine selective = machine(backfillRule(filtered).path("EventPattern"));
        assertTrue(selects(selective, request("team/api", "v2")));
        assertTrue(selects(selective, request("prod-web", "release-7")));
        assertFalse(selects(selective, request("prod-web", "v2")));
        assertFalse(selects(selective, request("team/web", "v2")));
    }

    @Test
    void theBackfillRuleDeliversToTheIndexerWithTheSameRetriesAndDeadLetterQueue() {
        for (Template template : List.of(defaults, filtered)) {
            assertEquals(pushRule(template).path("Targets"), backfillRule(template).path("Targets"));
        }
        String rule = resource(defaults, "AWS::Events::Rule", LOGICAL_ID_PREFIX + "Rule").getKey();
        String permissions = JSON.valueToTree(defaults.findResources("AWS::Lambda::Permission")).toString();
        assertTrue(permissions.contains("{\"Fn::GetAtt\":[\"" + rule + "\",\"Arn\"]}"), "the rule may invoke the indexer");
    }

    @Test
    void theBackfillFunctionRunsTheBackfillHandlerWithOnlyTheKeysItReads() {
        JsonNode function = resource(defaults, "AWS::Lambda::Function", LOGICAL_ID_PREFIX + "Function").getValue().path("Properties");
        assertEquals(BackfillEntry.HANDLER, function.path("Handler").asText());
        assertEquals("java21", function.path("Runtime").asText());
        assertEquals(900, function.path("Timeout").asInt());
        assertEquals(512, function.path("MemorySize").asInt());
        assertTrue(function.path("ReservedConcurrentExecutions").isMissingNode());
        JsonNode variables = function.path("Environment").path("Variables");
        assertEquals(Map.of(ConfigKeys.FILTERS, "*:*", ConfigKeys.OUTPUT_TAG_SUFFIX, "-soci", ConfigKeys.BACKFILL_EVENT_BUS_NAME, "default"),
                JSON.convertValue(variables, Map.class));
        JsonNode indexer = resource(defaults, "AWS::Lambda::Function", "IndexerFunction").getValue().path("Properties");
        assertEquals(indexer.path("Code"), function.path("Code"), "the same jar as the indexer");
        String output = JSON.valueToTree(defaults.findOutputs("BackfillFunctionName")).toString();
        assertTrue(output.contains(resource(defaults, "AWS::Lambda::Function", LOGICAL_ID_PREFIX + "Function").getKey()), output);
    }

    @Test
    void theBackfillRoleMayListAndPutBackfillRequestsOnly() {
        Map<String, JsonNode> bySid = new java.util.TreeMap<>();
        resource(filtered, "AWS::IAM::Policy", LOGICAL_ID_PREFIX + "Role").getValue()
                .path("Properties").path("PolicyDocument").path("Statement")
                .forEach(s -> bySid.put(s.path("Sid").asText(""), s));
        assertEquals(List.of("", "BackfillRequests", "EcrListImages", "EcrListRepositories"), List.copyOf(bySid.keySet()));
        assertEquals("\"ecr:DescribeRepositories\"", bySid.get("EcrListRepositories").path("Action").toString());
        assertTrue(bySid.get("EcrListRepositories").path("Resource").toString().contains(":repository/*"));
        assertEquals("\"ecr:DescribeImages\"", bySid.get("EcrListImages").path("Action").toString());
        String images = bySid.get("EcrListImages").path("Resource").toString();
        assertTrue(images.contains(":repository/team/api") && images.contains(":repository/prod-*") && !images.contains(":repository/*\""),
                "only the filtered repositories: " + images);
        JsonNode put = bySid.get("BackfillRequests");
        assertEquals("\"events:PutEvents\"", put.path("Action").toString());
        assertTrue(put.path("Resource").toString().contains(":event-bus/default"), put.toString());
        assertEquals(JSON.valueToTree(Map.of("StringEquals", Map.of("events:source", List.of(Defaults.EVENT_SOURCE),
                "events:detail-type", List.of(Defaults.BACKFILL_DETAIL_TYPE)))), put.path("Condition"));
        assertEquals("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]", bySid.get("").path("Action").toString());
        String everything = bySid.toString();
        for (String forbidden : List.of("ecr:BatchGetImage", "ecr:PutImage", "ecr:GetDownloadUrlForLayer", "sqs:", "dynamodb:", "lambda:")) {
            assertFalse(everything.contains(forbidden), forbidden + " in " + everything);
        }
    }
}
