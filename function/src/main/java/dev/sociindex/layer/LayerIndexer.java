package dev.sociindex.layer;

import dev.sociindex.oci.Digests;
import dev.sociindex.gzip.GzipFormatException;
import dev.sociindex.oci.LayerCompression;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.tar.TarFormatException;
import dev.sociindex.tar.UnsupportedTarException;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocValidator;
import dev.sociindex.ztoc.ZtocViolation;
import dev.sociindex.ztoc.ZtocWriter;
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
        this.builder = new ZtocBuilder(spanSize, buildToolIdentifier, maxEntries);
    }

    public LayerResult index(LayerDescriptor layer, InputStream blob) throws IOException {
        if (!MediaTypes.isLayer(layer.mediaType())) {
            return new LayerResult.Skipped(layer, SkipReason.NOT_A_LAYER, "not a layer media type: " + layer.mediaType());
        }
        LayerCompression compression = MediaTypes.layerCompression(layer.mediaType());
        switch (compression) {
            case ZSTD -> {
                return new LayerResult.Skipped(layer, SkipReason.ZSTD, "zstd-compressed layer: SOCI indexes only gzip and uncompressed tar layers");
            }
            case UNSUPPORTED -> {
                return new LayerResult.Skipped(layer, SkipReason.UNSUPPORTED_MEDIA_TYPE, "unsupported layer media type " + layer.mediaType());
            }
            default -> {
            }
        }
        // The blob is read and digested on its own thread, overlapping the inflating and tar reading done here.
        VerifyingInputStream verified = new VerifyingInputStream(blob, layer);
        try (PrefetchingInputStream prefetched = new PrefetchingInputStream(verified, PREFETCH_BUFFERS,
                PREFETCH_BUFFER_SIZE, "soci-blob-reader-" + (layer.hasDigest() ? layer.digest() : "unverified"))) {
            Ztoc ztoc = compression == LayerCompression.GZIP
                    ? builder.buildGzip(prefetched)
                    : builder.buildUncompressed(prefetched);
            // Reading to the end is what checks the digest; bytes after the archive are normally none.
            prefetched.transferTo(OutputStream.nullOutputStream());
            List<ZtocViolation> problems = ZtocValidator.validate(ztoc);
            if (!problems.isEmpty()) {
                return new LayerResult.Skipped(layer, SkipReason.SNAPSHOTTER_WOULD_REJECT,
                        "the snapshotter would reject this layer's zTOC: " + problems.get(0));
            }
            byte[] bytes = ZtocWriter.write(ztoc);
            return new LayerResult.Indexed(layer, bytes, Digests.sha256(bytes), ztoc.uncompressedArchiveSize(),
                    ztoc.compressionInfo().maxSpanId() + 1, ztoc.files().size());
        } catch (UnsupportedTarException e) {
            return new LayerResult.Skipped(layer, SkipReason.UNSUPPORTED_TAR_ENTRY, e.getMessage());
        } catch (TooManyEntriesException e) {
            return new LayerResult.Skipped(layer, SkipReason.TOO_MANY_ENTRIES, e.getMessage());
        } catch (GzipFormatException | TarFormatException e) {
            // The layer itself is corrupt: name it. Anything else (a registry or network failure while the blob
            // streams, a digest mismatch) keeps its own type, so that callers can tell transient from permanent.
            throw new LayerFormatException(layer, e);
        }
    }
}
