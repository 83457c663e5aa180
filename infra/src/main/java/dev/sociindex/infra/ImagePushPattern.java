package dev.sociindex.infra;

import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.EventPattern;

/**
 * The EventBridge pattern that selects the pushes worth indexing, so that nothing else ever invokes the
 * function: successful ECR pushes whose repository and tag match a filter, whose tag is not empty (the
 * untagged child manifests of a multi-arch push) and is not one of our own outputs (the loop guard).
 *
 * <p>Why the tag condition looks the way it does: in an event pattern the values listed for one field are
 * ORed, and a match object may hold only one operator, so "not empty" and "does not end with the suffix"
 * cannot be written as two conditions on {@code image-tag}. Both are exclusions, though, and one
 * {@code anything-but} accepts a list of wildcard patterns: {@code {"anything-but": {"wildcard": ["",
 * "*-soci"]}}} rejects exactly the empty tag and every tag ending in {@code -soci}. (A wildcard without
 * {@code *} matches only itself, so {@code ""} matches only the empty string; the open-source matcher behind
 * EventBridge, aws/event-ruler, accepts this form and the tests run real-shaped events through it.)
 *
 * <p>A tag glob other than {@code *} is a positive condition ({@code wildcard} or an exact value) and cannot
 * be ANDed with that exclusion on the same field. It already implies a non-empty tag; our own outputs that
 * happen to match it (filter {@code app:v*}, output {@code v1-soci}) still reach the function, whose loop guard
 * ({@code OutputTags.isOutputTag}) drops them. A glob that can match nothing but outputs is rejected here.
 *
 * <p>Repository and tag belong together per filter ({@code a:x*,b:*} must not select {@code a:y}), so filters
 * are grouped by tag condition and several groups become an {@code $or} of (repository, tag) pairs.
 */
final class ImagePushPattern {
    static final String SOURCE = "aws.ecr";
    static final String DETAIL_TYPE = "ECR Image Action";

    private ImagePushPattern() {
    }

    static EventPattern of(ImageFilters filters, String outputTagSuffix) {
        return of(filters, outputTagSuffix, false);
    }

    /** @param deletes also select deletes of the same tags (output lifecycle: the function untags their outputs) */
    static EventPattern of(ImageFilters filters, String outputTagSuffix, boolean deletes) {
        return EventPattern.builder()
                .source(List.of(SOURCE))
                .detailType(List.of(DETAIL_TYPE))
                .detail(detail(filters, outputTagSuffix, deletes))
                .build();
    }

    /**
     * The backfill rule's pattern: requests of our own source and {@link Defaults#BACKFILL_DETAIL_TYPE} (so our
     * completion events, {@link Defaults#COMPLETION_DETAIL_TYPE}, never match) for the images the filters select, by
     * the same repository and tag conditions as pushes (a request has no action or result).
     */
    static EventPattern backfill(ImageFilters filters, String outputTagSuffix) {
        Map<String, Object> detail = new LinkedHashMap<>();
        List<Map<String, Object>> branches = branches(filters, outputTagSuffix);
        if (branches.size() == 1) {
            detail.putAll(branches.getFirst());
        } else {
            detail.put("$or", branches);
        }
        return EventPattern.builder()
                .source(List.of(Defaults.EVENT_SOURCE))
                .detailType(List.of(Defaults.BACKFILL_DETAIL_TYPE))
                .detail(detail)
                .build();
    }

    /** The {@code detail} part of the pattern, as the JSON-shaped maps and lists CloudFormation receives. */
    static Map<String, Object> detail(ImageFilters filters, String outputTagSuffix) {
        return detail(filters, outputTagSuffix, false);
    }

    static Map<String, Object> detail(ImageFilters filters, String outputTagSuffix, boolean deletes) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("action-type", deletes ? List.of("PUSH", "DELETE") : List.of("PUSH"));
        detail.put("result", List.of("SUCCESS"));
        List<Map<String, Object>> branches = branches(filters, outputTagSuffix);
        if (branches.size() == 1) {
            detail.putAll(branches.getFirst());
        } else {
            detail.put("$or", branches);
        }
        return detail;
    }

    /**
     * Rejects a filter whose every tag ends with the output suffix: it could only select the indexer's own
     * outputs, which are never indexed, so it is certainly a mistake.
     *
     * @throws IllegalArgumentException naming the filter
     */
    static void requireIndexableTags(ImageFilters filters, String outputTagSuffix) {
        for (ImageFilters.Filter filter : filters.filters()) {
            if (Globs.literalTail(Globs.collapse(filter.tagGlob())).endsWith(outputTagSuffix)) {
                throw new IllegalArgumentException("filter '" + filter + "': every tag it selects ends with the output suffix '"
                        + outputTagSuffix + "', so it could only select the indexer's own outputs, which are never indexed");
            }
        }
    }

    private static List<Map<String, Object>> branches(ImageFilters filters, String outputTagSuffix) {
        requireIndexableTags(filters, outputTagSuffix);
        Map<String, List<String>> repositoriesByTagGlob = new LinkedHashMap<>();
        for (ImageFilters.Filter filter : filters.filters()) {
            String tagGlob = Globs.collapse(filter.tagGlob());
            repositoriesByTagGlob.computeIfAbsent(tagGlob, g -> new ArrayList<>()).add(Globs.collapse(filter.repositoryGlob()));
        }
        List<Map<String, Object>> branches = new ArrayList<>();
        repositoriesByTagGlob.forEach((tagGlob, repositoryGlobs) -> {
            Map<String, Object> branch = new LinkedHashMap<>();
            // A group that includes "*" selects every repository: no repository condition at all.
            if (repositoryGlobs.stream().noneMatch(Globs::matchesEverything)) {
                branch.put("repository-name", repositoryGlobs.stream().distinct().map(ImagePushPattern::valueMatcher).toList());
            }
            branch.put("image-tag", List.of(tagMatcher(tagGlob, outputTagSuffix)));
            branches.add(branch);
        });
        return branches;
    }

    private static Object tagMatcher(String tagGlob, String outputTagSuffix) {
        if (Globs.matchesEverything(tagGlob)) {
            return Map.of("anything-but", Map.of("wildcard", List.of("", "*" + outputTagSuffix)));
        }
        return valueMatcher(tagGlob);
    }

    /** An exact value when the glob has no wildcard (cheapest to match), else a {@code wildcard} operator. */
    private static Object valueMatcher(String glob) {
        return Globs.hasWildcard(glob) ? Map.of("wildcard", glob) : glob;
    }
}
