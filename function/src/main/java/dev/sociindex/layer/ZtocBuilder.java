package dev.sociindex.layer;

import dev.sociindex.gzip.GzipCheckpointingInputStream;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.TarReader;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.CompressionInfo;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.GzipCheckpointsBlob;
import dev.sociindex.ztoc.TarZinfo;
import dev.sociindex.ztoc.TocEntries;
import dev.sociindex.ztoc.Ztoc;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the zTOC model of a layer stream in one pass: checkpoints, span digests and the TOC at once. It reads the
 * stream to its end (so checkpoints and digests cover the whole blob) but knows nothing of descriptors or digests;
 * {@link LayerIndexer} adds those checks.
 */
public final class ZtocBuilder {
    private final long spanSize;
    private final String buildToolIdentifier;

    public ZtocBuilder(long spanSize, String buildToolIdentifier) {
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        this.spanSize = spanSize;
        this.buildToolIdentifier = buildToolIdentifier;
    }

    public Ztoc buildGzip(InputStream compressed) throws IOException {
        GzipCheckpointingInputStream inflater = new GzipCheckpointingInputStream(compressed, spanSize);
        TarReader tar = new TarReader(inflater);
        List<FileMetadata> files = readToc(tar);
        long uncompressedArchiveSize = tar.position();
        inflater.drainToEnd();
        byte[] checkpoints = new GzipCheckpointsBlob(spanSize, inflater.checkpoints()).encode();
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.GZIP, inflater.checkpoints().size() - 1,
                inflater.spanDigests(), checkpoints);
        return new Ztoc(Ztoc.VERSION, buildToolIdentifier, inflater.compressedSize(), uncompressedArchiveSize, files, info);
    }

    public Ztoc buildUncompressed(InputStream tarStream) throws IOException {
        SpanHasher spans = new SpanHasher(tarStream, spanSize);
        TarReader tar = new TarReader(spans);
        List<FileMetadata> files = readToc(tar);
        long uncompressedArchiveSize = tar.position();
        spans.drain();
        TarZinfo zinfo = TarZinfo.of(spanSize, spans.size());
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, Math.toIntExact(zinfo.maxSpanId()),
                spans.spanDigests(), zinfo.encode());
        return new Ztoc(Ztoc.VERSION, buildToolIdentifier, spans.size(), uncompressedArchiveSize, files, info);
    }

    private static List<FileMetadata> readToc(TarReader tar) throws IOException {
        List<FileMetadata> files = new ArrayList<>();
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
            files.add(TocEntries.fromTarEntry(entry));
        }
        return files;
    }
}
