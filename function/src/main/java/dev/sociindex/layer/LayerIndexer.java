package dev.sociindex.layer;

import dev.sociindex.gzip.GzipCheckpointingInputStream;
import dev.sociindex.bytes.Digests;
import dev.sociindex.index.LayerCompression;
import dev.sociindex.index.MediaTypes;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.TarReader;
import dev.sociindex.tar.UnsupportedTarException;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.CompressionInfo;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.GzipCheckpointsBlob;
import dev.sociindex.ztoc.TarZinfo;
import dev.sociindex.ztoc.TocEntries;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocValidator;
import dev.sociindex.ztoc.ZtocViolation;
import dev.sociindex.ztoc.ZtocWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one layer blob into its zTOC in a single streaming pass: the blob is hashed (digest check), inflated with
 * checkpoints and span digests, and read as tar, all at once; nothing is staged on disk. A layer SOCI cannot index
 * (zstd, unsupported tar entries, shapes the snapshotter would reject) comes back as {@link LayerResult.Skipped}
 * with the reason; a corrupt or tampered blob is an exception naming the layer, never a zTOC.
 */
public final class LayerIndexer {
    private final long spanSize;
    private final String buildToolIdentifier;

    public LayerIndexer(long spanSize, String buildToolIdentifier) {
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        this.spanSize = spanSize;
        this.buildToolIdentifier = buildToolIdentifier;
    }

    public LayerResult index(LayerDescriptor layer, InputStream blob) throws IOException {
        if (!MediaTypes.isLayer(layer.mediaType())) {
            return new LayerResult.Skipped(layer, "not a layer media type: " + layer.mediaType());
        }
        LayerCompression compression = MediaTypes.layerCompression(layer.mediaType());
        switch (compression) {
            case ZSTD -> {
                return new LayerResult.Skipped(layer, "zstd-compressed layer: SOCI indexes only gzip and uncompressed tar layers");
            }
            case UNSUPPORTED -> {
                return new LayerResult.Skipped(layer, "unsupported layer media type " + layer.mediaType());
            }
            default -> {
            }
        }
        VerifyingInputStream verified = new VerifyingInputStream(blob, layer);
        try {
            Ztoc ztoc = compression == LayerCompression.GZIP
                    ? indexGzip(layer, verified)
                    : indexUncompressed(layer, verified);
            List<ZtocViolation> problems = ZtocValidator.validate(ztoc);
            if (!problems.isEmpty()) {
                return new LayerResult.Skipped(layer, "the snapshotter would reject this layer's zTOC: " + problems.get(0));
            }
            byte[] bytes = ZtocWriter.write(ztoc);
            return new LayerResult.Indexed(layer, bytes, Digests.sha256(bytes), ztoc.uncompressedArchiveSize(),
                    ztoc.compressionInfo().maxSpanId() + 1, ztoc.files().size());
        } catch (UnsupportedTarException e) {
            return new LayerResult.Skipped(layer, e.getMessage());
        } catch (LayerDigestMismatchException e) {
            throw e;
        } catch (IOException e) {
            throw new LayerFormatException(layer, e);
        }
    }

    private Ztoc indexGzip(LayerDescriptor layer, VerifyingInputStream verified) throws IOException {
        GzipCheckpointingInputStream inflater = new GzipCheckpointingInputStream(verified, spanSize);
        TarReader tar = new TarReader(inflater);
        List<FileMetadata> files = readToc(tar);
        long uncompressedArchiveSize = tar.position();
        inflater.drain();
        verified.drainAndVerify();
        byte[] checkpoints = new GzipCheckpointsBlob(spanSize, inflater.checkpoints()).encode();
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.GZIP, inflater.checkpoints().size() - 1,
                inflater.spanDigests(), checkpoints);
        return new Ztoc(Ztoc.VERSION, buildToolIdentifier, layer.size(), uncompressedArchiveSize, files, info);
    }

    private Ztoc indexUncompressed(LayerDescriptor layer, VerifyingInputStream verified) throws IOException {
        SpanHasher spans = new SpanHasher(verified, spanSize);
        TarReader tar = new TarReader(spans);
        List<FileMetadata> files = readToc(tar);
        long uncompressedArchiveSize = tar.position();
        spans.drain();
        verified.drainAndVerify();
        long size = layer.size();
        TarZinfo zinfo = TarZinfo.of(spanSize, size);
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, Math.toIntExact(zinfo.maxSpanId()),
                spans.spanDigests(), zinfo.encode());
        return new Ztoc(Ztoc.VERSION, buildToolIdentifier, size, uncompressedArchiveSize, files, info);
    }

    private static List<FileMetadata> readToc(TarReader tar) throws IOException {
        List<FileMetadata> files = new ArrayList<>();
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
            files.add(TocEntries.fromTarEntry(entry));
        }
        return files;
    }
}
