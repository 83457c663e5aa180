package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.PrefetchRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack options for the reference CLI's extras and the output lifecycle: from the context to the function's
 * environment, and for {@code untagOnDelete} the DELETE events in the rule and {@code ecr:BatchDeleteImage} on the
 * filtered repositories only.
 */
class LifecycleAndExtrasStackTest {
    @TempDir
    static Path tempDir;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        IndexerSettings settings = new ContextSettings(Map.<String, Object>of(
                ContextSettings.FILTERS, "team/api:*",
                ContextSettings.OPTIMIZATIONS, "xattr",
                ContextSettings.PREFETCH_FILES, "team/api:*=/app/server,/app/config.json",
                ContextSettings.TAG_WHEN_EMPTY, "false",
                ContextSettings.UNTAG_ON_DELETE, true)::get).read();
        template = Template.fromStack(TestStacks.synthesizable(settings, tempDir));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOptionsReachTheFunctionEnvironment() {
        Map<String, Object> function = (Map<String, Object>) indexerResource("AWS::Lambda::Function")
                .get("Properties");
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
        assertEquals("xattr", variables.get(ConfigKeys.OPTIMIZATIONS));
        assertEquals("team/api:*=/app/server,/app/config.json", variables.get(ConfigKeys.PREFETCH_PATHS));
        assertEquals("false", variables.get(ConfigKeys.TAG_WHEN_EMPTY));
        assertEquals("true", variables.get(ConfigKeys.UNTAG_ON_DELETE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void untagOnDeleteSelectsDeletesAndGrantsBatchDeleteImageOnTheFilteredRepositoriesOnly() {
        Map<String, Object> rule = (Map<String, Object>) indexerResource("AWS::Events::Rule").get("Properties");
        Map<String, Object> detail = (Map<String, Object>) ((Map<String, Object>) rule.get("EventPattern")).get("detail");
        assertEquals(List.of("PUSH", "DELETE"), detail.get("action-type"));

        Map<String, Object> policy = (Map<String, Object>) indexerResource("AWS::IAM::Policy").get("Properties");
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
        Map<String, Map<String, Object>> bySid = statements.stream().collect(Collectors.toMap(s -> String.valueOf(s.getOrDefault("Sid", "")), s -> s));
        Map<String, Object> untag = bySid.get("EcrUntagOutputs");
        assertEquals("ecr:BatchDeleteImage", untag.get("Action"));
        assertEquals(bySid.get("EcrPullAndPush").get("Resource"), untag.get("Resource"), "the same repositories as pull and push");
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("context key 'optimizations' may be 'xattr' or 'none', got 'all'", assertThrows(IllegalArgumentException.class,
                () -> new ContextSettings(Map.<String, Object>of(ContextSettings.OPTIMIZATIONS, "all")::get).read()).getMessage());
        assertEquals("context key 'prefetchFiles': prefetch rule 'api' must be repository:tag=PATH[,PATH...]",
                assertThrows(IllegalArgumentException.class,
                        () -> new ContextSettings(Map.<String, Object>of(ContextSettings.PREFETCH_FILES, "api")::get).read()).getMessage());
        IndexerSettings defaults = IndexerSettings.builder().build();
        assertEquals(true, defaults.tagWhenEmpty());
        assertEquals(false, defaults.untagOnDelete());
        assertEquals(false, defaults.xattrOptimization());
        assertEquals(PrefetchRules.none(), defaults.prefetchFiles());
        assertEquals(ImageFilters.parse("*:*"), defaults.filters());
    }

    /** The indexer's resource of this type (not the backfill entry's, nor its rule). */
    private static Map<String, Object> indexerResource(String type) {
        return template.findResources(type).entrySet().stream()
                .filter(e -> !e.getKey().startsWith(BackfillStackTest.LOGICAL_ID_PREFIX))
                .map(Map.Entry::getValue).reduce((a, b) -> {
                    throw new AssertionError("more than one " + type + " of the indexer");
                }).orElseThrow();
    }
}
