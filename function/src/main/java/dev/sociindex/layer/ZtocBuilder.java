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
    /**
     * Entries a TOC may hold by default. The TOC is built in memory (a few hundred bytes per entry), and a hostile
     * layer of empty 512-byte headers gzips to almost nothing, so without a bound a small blob could exhaust the
     * Lambda's memory. Real images stay far below: a full distribution root holds a few hundred thousand files.
     */
    public static final int DEFAULT_MAX_ENTRIES = 4_000_000;

    private final long spanSize;
    private final String buildToolIdentifier;
    private final int maxEntries;

    public ZtocBuilder(long spanSize, String buildToolIdentifier) {
        this(spanSize, buildToolIdentifier, DEFAULT_MAX_ENTRIES);
    }

    public ZtocBuilder(long spanSize, String buildToolIdentifier, int maxEntries) {
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.spanSize = spanSize;
        this.buildToolIdentifier = buildToolIdentifier;
        this.maxEntries = maxEntries;
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

    private List<FileMetadata> readToc(TarReader tar) throws IOException {
        List<FileMetadata> files = new ArrayList<>();
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
            if (files.size() == maxEntries) {
                throw new TooManyEntriesException("the layer has more than " + maxEntries + " tar entries (entry "
                        + (maxEntries + 1) + " at uncompressed offset " + tar.position() + "): over the TOC bound");
            }
            files.add(TocEntries.fromTarEntry(entry));
        }
        return files;
    }
}
