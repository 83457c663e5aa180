package dev.sociindex.backfill;

/**
 * One image for the fleet to index: the event a backfill puts on the bus. It names a tag, not a digest, so the
 * indexer reads the tag when the event reaches it: a tag moved after the listing is indexed at its current image,
 * never at the one listed hours before (which would replace a newer output).
 */
public record BackfillRequest(String repository, String tag) {
    public BackfillRequest {
        if (repository == null || repository.isBlank() || tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("a backfill request needs a repository and a tag, was '" + repository + ":" + tag + "'");
        }
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
