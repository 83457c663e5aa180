package dev.sociindex.gzip;

import java.io.IOException;

/**
 * Where a gzip decoder puts the checkpoints it places (soci-format.md 2.2), one call per checkpoint, as it goes.
 * Keeping this narrow lets the windows go straight to their final storage (memory or a spill file, see
 * {@code ztoc.CheckpointsBlobWriter}) instead of being collected and copied, whatever decoder produces them.
 *
 * <p>Contract for a decoder (sequential or parallel): call {@link #add} from one thread at a time, in checkpoint
 * order (checkpoint 0 first; {@code in} and {@code out} strictly increasing), exactly once per checkpoint, and never
 * touch the window array after handing it over (the sink may keep it). A failure thrown by the sink (a full disk)
 * fails the decoding with that exception.
 */
public interface CheckpointSink {

    void add(Checkpoint checkpoint) throws IOException;
}
