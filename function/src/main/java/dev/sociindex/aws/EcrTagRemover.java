package dev.sociindex.aws;

import dev.sociindex.store.TagRemover;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * Untags with ECR {@code BatchDeleteImage} naming the image by tag only: ECR then removes that tag, and deletes the
 * manifest only if it has no other tag. A tag that is already gone ({@code ImageNotFound}) is not an error.
 */
public final class EcrTagRemover implements TagRemover {
    private final EcrClient ecr;
    private final String registryId;

    /** @param registryId the 12-digit account of the registry */
    public EcrTagRemover(EcrClient ecr, String registryId) {
        this.ecr = ecr;
        this.registryId = registryId;
    }

    @Override
    public boolean removeTag(String repository, String tag) throws IOException {
        BatchDeleteImageResponse response;
        try {
            response = ecr.batchDeleteImage(r -> r.registryId(registryId).repositoryName(repository)
                    .imageIds(ImageIdentifier.builder().imageTag(tag).build()));
        } catch (SdkException e) {
            throw new IOException("ECR BatchDeleteImage of " + registryId + "/" + repository + ":" + tag + " failed: " + e.getMessage(), e);
        }
        for (ImageFailure failure : response.failures()) {
            if (failure.failureCode() == ImageFailureCode.IMAGE_NOT_FOUND) {
                return false;
            }
            throw new IOException("ECR BatchDeleteImage of " + registryId + "/" + repository + ":" + tag + " refused: "
                    + failure.failureCodeAsString() + ": " + failure.failureReason());
        }
        return !response.imageIds().isEmpty();
    }
}
