package dev.sociindex.layer;

import dev.sociindex.bytes.ByteSource;
import dev.sociindex.ztoc.CheckpointPosition;
import dev.sociindex.ztoc.CompressionInfo;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocBlob;
import dev.sociindex.ztoc.ZtocLayout;
import dev.sociindex.ztoc.ZtocValidator;
import dev.sociindex.ztoc.ZtocViolation;
import java.io.IOException;
import java.util.List;

/**
 * A layer's zTOC before it is written: the model of everything but the checkpoints blob ({@code shape}), and the
 * blob itself, in memory or in a spill file. Closing it (unless {@link #write} took the blob over) deletes a spill
 * file.
 *
 * @param gzipCheckpoints where each gzip checkpoint sits, for the validator; null for a tar zinfo, which is small
 *                        and carried in {@code shape}
 */
public record ZtocDraft(Ztoc shape, ByteSource checkpoints, List<CheckpointPosition> gzipCheckpoints) implements AutoCloseable {

    /** What the snapshotter would reject, empty when nothing. */
    public List<ZtocViolation> validate() {
        return ZtocValidator.validate(shape, gzipCheckpoints);
    }

    /** The zTOC in its final byte layout; it owns the checkpoints from now on. */
    public ZtocBlob write() throws IOException {
        return ZtocLayout.write(shape, checkpoints);
    }

    /** The whole model, checkpoints read into memory: for callers that want the model (tests, the bench). */
    public Ztoc toModel() throws IOException {
        CompressionInfo info = shape.compressionInfo();
        return new Ztoc(shape.version(), shape.buildToolIdentifier(), shape.compressedArchiveSize(),
                shape.uncompressedArchiveSize(), shape.files(),
                new CompressionInfo(info.algorithm(), info.maxSpanId(), info.spanDigests(), checkpoints.readAllBytes()));
    }

    @Override
    public void close() throws IOException {
        checkpoints.close();
    }
}
