package dev.sociindex.lambda;

import dev.sociindex.store.TagRemover;

/** The tag remover for the registry an event names (ECR {@code BatchDeleteImage} in that account and region). */
@FunctionalInterface
public interface TagRemovers {
    /** Without lifecycle support: any attempt to untag fails, naming the missing wiring. */
    TagRemovers NONE = (account, region) -> (repository, tag) -> {
        throw new java.io.IOException("no tag remover is configured: cannot untag " + repository + ":" + tag);
    };

    TagRemover forRegistry(String account, String region);
}
