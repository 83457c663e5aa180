package dev.sociindex.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.sociindex.contract.Defaults;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An EventBridge {@code ECR Image Action} event as ECR emits it: one per stored manifest (a tagged push of a
 * multi-arch image yields one event for the index and one untagged event per child manifest). Fields ECR may add
 * later are ignored; fields we rely on are checked by {@link EventParser}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EcrImageAction(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        Detail detail) {

    /**
     * A backfill request ({@code backfill --enqueue}, the backfill function): our own source and detail-type, a detail
     * that names {@code repository-name} and {@code image-tag} only. Indexed like a push of that tag.
     */
    public boolean isBackfillRequest() {
        return Defaults.EVENT_SOURCE.equals(source) && Defaults.BACKFILL_DETAIL_TYPE.equals(detailType);
    }

    /**
     * @param imageTag          empty (or absent) for untagged manifests such as the children of an index
     * @param artifactMediaType the config media type; present only on image manifests, absent on indexes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detail(
            String result,
            @JsonProperty("repository-name") String repositoryName,
            @JsonProperty("image-digest") String imageDigest,
            @JsonProperty("action-type") String actionType,
            @JsonProperty("image-tag") String imageTag,
            @JsonProperty("manifest-media-type") String manifestMediaType,
            @JsonProperty("artifact-media-type") String artifactMediaType) {

        public boolean isSuccessfulPush() {
            return "PUSH".equals(actionType) && "SUCCESS".equals(result);
        }

        public boolean isSuccessfulDelete() {
            return "DELETE".equals(actionType) && "SUCCESS".equals(result);
        }

        /** The tag, or the empty string for an untagged manifest (ECR sends {@code ""}; a missing key means the same). */
        public String tagOrEmpty() {
            return imageTag == null ? "" : imageTag;
        }
    }
}
