package dev.sociindex.backfill;

import java.util.Comparator;

/**
 * A position in the order a backfill walks a registry: repositories by name, then each one's tags by name. A run
 * that stops (a Lambda invocation's time is up) returns the last image it dealt with, and a run given that cursor
 * starts right after it. The order depends on names only, so it survives pushes and deletes between the runs; an
 * image pushed meanwhile that sorts before the cursor was indexed through its own push event.
 */
public record Cursor(String repository, String tag) {
    static final Comparator<Cursor> ORDER = Comparator.comparing(Cursor::repository).thenComparing(Cursor::tag);

    public Cursor {
        if (repository == null || repository.isEmpty() || tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("a backfill continuation needs a repository and a tag, was '"
                    + repository + "', '" + tag + "'");
        }
    }

    boolean isBefore(String otherRepository, String otherTag) {
        return ORDER.compare(this, new Cursor(otherRepository, otherTag)) < 0;
    }
}
