package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.OutputTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * Runs real-shaped ECR events through the derived pattern with aws/event-ruler, the matcher EventBridge is built
 * on, so the tests prove what the rule selects rather than only what JSON it contains.
 */
class ImagePushPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = "-soci";

    @Test
    void defaultFiltersSelectEveryTaggedPushExceptOurOutputs() throws Exception {
        Machine rule = ruleFor("*:*");
        assertTrue(selects(rule, push("my-repository-name", "latest")));
        assertTrue(selects(rule, push("team/nested/app", "v1.2.3")));
        assertFalse(selects(rule, push("app", "")), "untagged child manifest of a multi-arch push");
        assertFalse(selects(rule, push("app", "latest-soci")), "our own output");
        assertTrue(selects(rule, push("app", "soci")), "a tag that merely contains the suffix's letters");
        assertTrue(selects(rule, push("app", "v1-soci-2")), "the suffix only counts at the end");
    }

    @Test
    void defaultFiltersIgnoreEverythingButSuccessfulPushes() throws Exception {
        Machine rule = ruleFor("*:*");
        assertFalse(selects(rule, event("ECR Image Action", "PUSH", "FAILURE", "app", "latest")));
        assertFalse(selects(rule, event("ECR Image Action", "DELETE", "SUCCESS", "app", "latest")));
        assertFalse(selects(rule, event("ECR Referrer Action", "PUSH", "SUCCESS", "app", "latest")));
        Map<String, Object> noTag = event("ECR Image Action", "PUSH", "SUCCESS", "app", "latest");
        detailOf(noTag).remove("image-tag");
        assertFalse(selects(rule, noTag), "an event without image-tag is treated as untagged");
        Map<String, Object> otherSource = push("app", "latest");
        otherSource.put("source", "my.app");
        assertFalse(selects(rule, otherSource));
    }

    @Test
    void defaultPatternIsOneExclusionOnTheTag() {
        Map<String, Object> detail = ImagePushPattern.detail(ImageFilters.parse("*:*"), SUFFIX);
        assertEquals(List.of("PUSH"), detail.get("action-type"));
        assertEquals(List.of("SUCCESS"), detail.get("result"));
        assertFalse(detail.containsKey("repository-name"), "every repository: no condition");
        assertEquals(List.of(Map.of("anything-but", Map.of("wildcard", List.of("", "*-soci")))), detail.get("image-tag"));
    }

    @Test
    void repositoryGlobsBecomeWildcardsAndNamesStayExact() throws Exception {
        Map<String, Object> detail = ImagePushPattern.detail(ImageFilters.parse("prod-*:*,team/api:*"), SUFFIX);
        assertEquals(List.of(Map.of("wildcard", "prod-*"), "team/api"), detail.get("repository-name"));
        Machine rule = ruleFor("prod-*:*,team/api:*");
        assertTrue(selects(rule, push("prod-web", "1.0")));
        assertTrue(selects(rule, push("prod-/nested", "1.0")), "* crosses '/', like the function's glob");
        assertTrue(selects(rule, push("team/api", "1.0")));
        assertFalse(selects(rule, push("team/api2", "1.0")));
        assertFalse(selects(rule, push("dev-web", "1.0")));
        assertFalse(selects(rule, push("x/prod-web", "1.0")), "globs are anchored at both ends");
        assertFalse(selects(rule, push("prod-web", "1.0-soci")));
    }

    @Test
    void repositoryAndTagOfOneFilterStayTogether() throws Exception {
        Machine rule = ruleFor("app:v*,tools/*:latest");
        assertTrue(selects(rule, push("app", "v1")));
        assertTrue(selects(rule, push("tools/lint", "latest")));
        assertFalse(selects(rule, push("app", "latest")), "no cross product of app with latest");
        assertFalse(selects(rule, push("tools/lint", "v1")), "no cross product of tools/* with v*");
        Map<String, Object> detail = ImagePushPattern.detail(ImageFilters.parse("app:v*,tools/*:latest"), SUFFIX);
        assertEquals(2, ((List<?>) detail.get("$or")).size());
    }

    @Test
    void filtersWithTheSameTagGlobShareOneBranch() {
        Map<String, Object> detail = ImagePushPattern.detail(ImageFilters.parse("a:*,b/*:*,a:*"), SUFFIX);
        assertFalse(detail.containsKey("$or"));
        assertEquals(List.of("a", Map.of("wildcard", "b/*")), detail.get("repository-name"));
    }

    @Test
    void consecutiveStarsCollapseBecauseEventBridgeRejectsThem() throws Exception {
        Map<String, Object> detail = ImagePushPattern.detail(ImageFilters.parse("team/**:**"), SUFFIX);
        assertEquals(List.of(Map.of("wildcard", "team/*")), detail.get("repository-name"));
        Machine rule = ruleFor("team/**:**");
        assertTrue(selects(rule, push("team/x", "1")));
        assertFalse(selects(rule, push("team/x", "1-soci")));
    }

    @Test
    void aPositiveTagGlobCannotAlsoExcludeOutputsSoTheFunctionGuardDoes() throws Exception {
        // Documented limitation (see ImagePushPattern): EventBridge cannot AND two conditions on image-tag.
        Machine rule = ruleFor("app:v*");
        assertTrue(selects(rule, push("app", "v1-soci")));
        assertTrue(OutputTags.isOutputTag("v1-soci", SUFFIX), "the function's loop guard drops it");
        assertFalse(selects(rule, push("app", "")), "a glob with a literal never matches the empty tag");
    }

    @Test
    void aCustomSuffixIsExcluded() throws Exception {
        Machine rule = new Machine();
        rule.addRule("r", JSON.writeValueAsString(pattern(ImageFilters.parse("*:*"), "-lazy")));
        assertFalse(selects(rule, push("app", "v1-lazy")));
        assertTrue(selects(rule, push("app", "v1-soci")));
    }

    @Test
    void aFilterThatCanOnlySelectOutputsIsRejected() {
        IllegalArgumentException wildcard = assertThrows(IllegalArgumentException.class,
                () -> ImagePushPattern.detail(ImageFilters.parse("app:*-soci"), SUFFIX));
        assertTrue(wildcard.getMessage().contains("'app:*-soci'"), wildcard.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImagePushPattern.detail(ImageFilters.parse("app:v1-soci"), SUFFIX));
    }

    /**
     * The pattern agrees with the function's own filter on every combination: it selects exactly the pushes the
     * filters match with a non-empty tag, plus (only through a positive tag glob) outputs the guard drops.
     */
    @Test
    void patternAgreesWithTheFiltersOnEveryCombination() throws Exception {
        List<String> filterSets = List.of("*:*", "prod-*:*", "app:v*,tools/*:latest", "a/b:1.0,*:rc-*", "x*y:*z", "web:*,web:stable");
        List<String> repositories = List.of("app", "prod-api", "tools/lint", "a/b", "web", "xay", "xy", "other");
        List<String> tags = List.of("", "latest", "v1", "v1-soci", "1.0", "rc-1", "rc-1-soci", "stable", "z", "abz", "soci");
        for (String text : filterSets) {
            ImageFilters filters = ImageFilters.parse(text);
            Machine rule = ruleFor(text);
            for (String repository : repositories) {
                for (String tag : tags) {
                    boolean selected = selects(rule, push(repository, tag));
                    boolean wanted = filters.matches(repository, tag) && !tag.isEmpty() && !OutputTags.isOutputTag(tag, SUFFIX);
                    boolean outputThroughPositiveGlob = !tag.isEmpty() && OutputTags.isOutputTag(tag, SUFFIX)
                            && filters.filters().stream().anyMatch(f -> !Globs.matchesEverything(f.tagGlob()) && f.matches(repository, tag));
                    assertEquals(wanted || outputThroughPositiveGlob, selected, text + " on " + repository + ":" + tag);
                }
            }
        }
    }

    private static Machine ruleFor(String filters) throws Exception {
        Machine machine = new Machine();
        machine.addRule("push", JSON.writeValueAsString(pattern(ImageFilters.parse(filters), SUFFIX)));
        return machine;
    }

    /** The same shape CloudFormation receives as EventPattern. */
    private static Map<String, Object> pattern(ImageFilters filters, String suffix) {
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("source", List.of(ImagePushPattern.SOURCE));
        pattern.put("detail-type", List.of(ImagePushPattern.DETAIL_TYPE));
        pattern.put("detail", ImagePushPattern.detail(filters, suffix));
        return pattern;
    }

    static boolean selects(Machine rule, Map<String, Object> event) throws Exception {
        return !rule.rulesForJSONEvent(JSON.writeValueAsString(event)).isEmpty();
    }

    static Map<String, Object> push(String repository, String tag) {
        return event("ECR Image Action", "PUSH", "SUCCESS", repository, tag);
    }

    /** The documented ECR event, with the fields observed in production. */
    static Map<String, Object> event(String detailType, String action, String result, String repository, String tag) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("result", result);
        detail.put("repository-name", repository);
        detail.put("image-digest", "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234");
        detail.put("action-type", action);
        detail.put("image-tag", tag);
        detail.put("manifest-media-type", "application/vnd.oci.image.manifest.v1+json");
        detail.put("artifact-media-type", "application/vnd.oci.image.config.v1+json");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", "13cde686-328b-6117-af20-0e5566167482");
        event.put("detail-type", detailType);
        event.put("source", "aws.ecr");
        event.put("account", "123456789012");
        event.put("time", "2019-11-16T01:54:34Z");
        event.put("region", "us-west-2");
        event.put("resources", List.of());
        event.put("detail", detail);
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detailOf(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }
}
