package dev.sociindex.lambda;

import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.OutputTags;
import java.util.Set;

/**
 * The cheap checks that run before any registry call, in a fixed order so that each skipped event is counted under
 * the first reason that applies. The EventBridge rule applies most of them already; they are repeated here because
 * the rule can be edited, events can be replayed, and local invocations have no rule at all.
 */
final class Guards {
    /** Config media types of runnable images: OCI and Docker schema 2. */
    static final Set<String> IMAGE_CONFIG_MEDIA_TYPES = Set.of(
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.container.image.v1+json");

    private final ImageFilters filters;
    private final String outputTagSuffix;

    Guards(ImageFilters filters, String outputTagSuffix) {
        this.filters = filters;
        this.outputTagSuffix = outputTagSuffix;
    }

    GuardDecision decide(EcrImageAction event) {
        EcrImageAction.Detail detail = event.detail();
        if (!event.isBackfillRequest() && !detail.isSuccessfulPush()) {
            return new GuardDecision.Skip(SkipReason.NOT_PUSH_SUCCESS, "ignored: action-type " + detail.actionType()
                    + " with result " + detail.result() + " is not a successful push");
        }
        String tag = detail.tagOrEmpty();
        if (tag.isEmpty()) {
            return new GuardDecision.Skip(SkipReason.UNTAGGED,
                    "skipped: untagged push (a child manifest of an index, or an intermediate output)");
        }
        if (OutputTags.isOutputTag(tag, outputTagSuffix)) {
            return new GuardDecision.Skip(SkipReason.OUTPUT_TAG, "skipped: tag '" + tag + "' ends with the output suffix '"
                    + outputTagSuffix + "', so it is one of our own outputs");
        }
        String repository = detail.repositoryName();
        if (!filters.matches(repository, tag)) {
            return new GuardDecision.Skip(SkipReason.FILTER_MISMATCH, "skipped: " + repository + ":" + tag
                    + " matches none of the filters " + filters);
        }
        String artifactType = detail.artifactMediaType();
        if (artifactType != null && !IMAGE_CONFIG_MEDIA_TYPES.contains(artifactType)) {
            return new GuardDecision.Skip(SkipReason.NOT_AN_IMAGE, "skipped: artifact media type '" + artifactType
                    + "' is not a container image config");
        }
        return new GuardDecision.Proceed(repository, detail.imageDigest(), tag);
    }
}
