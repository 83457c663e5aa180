package dev.sociindex.layer;

import dev.sociindex.gzip.GzipFormatException;
import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.tar.TarFormatException;
import dev.sociindex.tar.UnsupportedTarException;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.ztoc.ZtocViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Turns one layer blob into its zTOC in a single streaming pass: the blob is hashed (digest check), inflated with
 * checkpoints and span digests, and read as tar, all at once; nothing is staged on disk. A layer SOCI cannot index
 * (zstd, unsupported tar entries, shapes the snapshotter would reject) comes back as {@link LayerResult.Skipped}
 * with the reason; a corrupt or tampered blob is an exception naming the layer, never a zTOC.
 */
public final class LayerIndexer {
    /** Read-ahead of the blob: enough to ride out network jitter, small next to the inflater's own buffers. */
    private static final int PREFETCH_BUFFERS = 4;
    private static final int PREFETCH_BUFFER_SIZE = 1 << 20;

    private final ZtocBuilder builder;

    public LayerIndexer(long spanSize, String buildToolIdentifier) {
        this(spanSize, buildToolIdentifier, ZtocBuilder.DEFAULT_MAX_ENTRIES);
    }

    /** @param maxEntries tar entries a layer may have; a layer with more is skipped ({@link SkipReason#TOO_MANY_ENTRIES}) */
    public LayerIndexer(long spanSize, String buildToolIdentifier, int maxEntries) {
        this(spanSize, buildToolIdentifier, maxEntries, CheckpointSpill.defaults());
    }

    /** @param spill where a layer's checkpoint windows go once they pass the threshold */
    public LayerIndexer(long spanSize, String buildToolIdentifier, int maxEntries, CheckpointSpill spill) {
        this(spanSize, buildToolIdentifier, maxEntries, spill, ParallelDecoding.defaults());
    }

    /** @param parallel when and on how many threads one gzip layer is decoded in parallel */
    public LayerIndexer(long spanSize, String buildToolIdentifier, int maxEntries, CheckpointSpill spill,
                        ParallelDecoding parallel) {
        this.builder = new ZtocBuilder(spanSize, buildToolIdentifier, maxEntries, spill, parallel);
    }

    public LayerResult index(LayerDescriptor layer, InputStream blob) throws IOException {
        return switch (LayerStrategy.forMediaType(layer.mediaType())) {
            case LayerStrategy.Skip skip -> skip.result(layer);
            case LayerStrategy.Zinfo zinfo -> index(layer, zinfo, blob);
        };
    }

    private LayerResult index(LayerDescriptor layer, LayerStrategy.Zinfo zinfo, InputStream blob) throws IOException {
        // The blob is read and digested on its own thread, overlapping the inflating and tar reading done here.
        VerifyingInputStream verified = new VerifyingInputStream(blob, layer);
        try (PrefetchingInputStream prefetched = new PrefetchingInputStream(verified, PREFETCH_BUFFERS,
                PREFETCH_BUFFER_SIZE, "soci-blob-reader-" + (layer.hasDigest() ? layer.digest() : "unverified"))) {
            ZtocDraft draft = zinfo.draft(builder, prefetched, layer.size());
            try {
                // Reading to the end is what checks the digest; bytes after the archive are normally none.
                prefetched.transferTo(OutputStream.nullOutputStream());
                List<ZtocViolation> problems = draft.validate();
                if (!problems.isEmpty()) {
                    draft.close();
                    return SkipReason.SNAPSHOTTER_WOULD_REJECT.skip(layer, problems.get(0));
                }
            } catch (IOException | RuntimeException e) {
                draft.close();
                throw e;
            }
            Ztoc shape = draft.shape();
            return new LayerResult.Indexed(layer, draft.write(), shape.uncompressedArchiveSize(),
                    shape.compressionInfo().maxSpanId() + 1, shape.files().size());
        } catch (UnsupportedTarException e) {
            return SkipReason.UNSUPPORTED_TAR_ENTRY.skip(layer, e.getMessage());
        } catch (TooManyEntriesException e) {
            return SkipReason.TOO_MANY_ENTRIES.skip(layer, e.getMessage());
        } catch (GzipFormatException | TarFormatException e) {
            // The layer itself is corrupt: name it. Anything else (a registry or network failure while the blob
            // streams, a digest mismatch) keeps its own type, so that callers can tell transient from permanent.
            throw new LayerFormatException(layer, e);
        }
    }
}
