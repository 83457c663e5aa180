package dev.sociindex.store;

import java.io.IOException;

/**
 * Removes one tag from a repository, leaving the manifest and its other tags alone (ECR {@code BatchDeleteImage} by
 * tag; the distribution API has no such call). The manifest itself goes only when this was its last tag.
 */
@FunctionalInterface
public interface TagRemover {
    /** @return false when the tag was already gone */
    boolean removeTag(String repository, String tag) throws IOException;
}
