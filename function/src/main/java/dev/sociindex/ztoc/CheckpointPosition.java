package dev.sociindex.ztoc;

import dev.sociindex.gzip.Checkpoint;

/** Where a gzip checkpoint sits, without its window: what the validator needs of it (spec 2.2). */
public record CheckpointPosition(long in, long out, int bits) {

    static CheckpointPosition of(Checkpoint checkpoint) {
        return new CheckpointPosition(checkpoint.in(), checkpoint.out(), checkpoint.bits());
    }

    /** First compressed byte a reader must fetch to resume here: the partial byte when {@code bits != 0}. */
    public long spanStart() {
        return bits == 0 ? in : in - 1;
    }
}
