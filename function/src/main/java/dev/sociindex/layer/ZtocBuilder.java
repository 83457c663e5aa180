package dev.sociindex.layer;

import dev.sociindex.bytes.ByteSource;
import dev.sociindex.gzip.GzipCheckpointingInputStream;
import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.TarReader;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.CompressionInfo;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.FileTable;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.ztoc.CheckpointsBlobWriter;
import dev.sociindex.ztoc.TarZinfo;
import dev.sociindex.ztoc.TocEntries;
import dev.sociindex.ztoc.Ztoc;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Builds the zTOC model of a layer stream in one pass: checkpoints, span digests and the TOC at once. It reads the
 * stream to its end (so checkpoints and digests cover the whole blob) but knows nothing of descriptors or digests;
 * {@link LayerIndexer} adds those checks.
 */
public final class ZtocBuilder {
    private static final byte[] NO_BYTES = new byte[0];
    /**
     * Entries a TOC may hold by default. The TOC is built in memory (a few hundred bytes per entry), and a hostile
     * layer of empty 512-byte headers gzips to almost nothing, so without a bound a small blob could exhaust the
     * Lambda's memory. Real images stay far below: a full distribution root holds a few hundred thousand files.
     */
    public static final int DEFAULT_MAX_ENTRIES = 4_000_000;

    private final long spanSize;
    private final String buildToolIdentifier;
    private final int maxEntries;
    private final CheckpointSpill spill;
    private final ParallelDecoding parallel;

    public ZtocBuilder(long spanSize, String buildToolIdentifier) {
        this(spanSize, buildToolIdentifier, DEFAULT_MAX_ENTRIES);
    }

    public ZtocBuilder(long spanSize, String buildToolIdentifier, int maxEntries) {
        this(spanSize, buildToolIdentifier, maxEntries, CheckpointSpill.never());
    }

    /** @param spill where the checkpoint windows of {@link #draftGzip} go once they pass its threshold */
    public ZtocBuilder(long spanSize, String buildToolIdentifier, int maxEntries, CheckpointSpill spill) {
        this(spanSize, buildToolIdentifier, maxEntries, spill, ParallelDecoding.off());
    }

    /** @param parallel when and on how many threads {@link #draftGzip(InputStream, long)} decodes in parallel */
    public ZtocBuilder(long spanSize, String buildToolIdentifier, int maxEntries, CheckpointSpill spill,
                       ParallelDecoding parallel) {
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.spanSize = spanSize;
        this.buildToolIdentifier = buildToolIdentifier;
        this.maxEntries = maxEntries;
        this.spill = spill;
        this.parallel = parallel;
    }

    /** The whole zTOC model of a gzip layer, checkpoints in memory. */
    public Ztoc buildGzip(InputStream compressed) throws IOException {
        try (ZtocDraft draft = draftGzip(compressed)) {
            return draft.toModel();
        }
    }

    /** The whole zTOC model of an uncompressed tar layer. */
    public Ztoc buildUncompressed(InputStream tarStream) throws IOException {
        try (ZtocDraft draft = draftUncompressed(tarStream)) {
            return draft.toModel();
        }
    }

    /**
     * A gzip layer's zTOC, its windows written once, into the checkpoints blob layout, in memory or (past the
     * threshold) a spill file; a failure deletes the spill file.
     */
    public ZtocDraft draftGzip(InputStream compressed) throws IOException {
        return draftGzip(compressed, -1);
    }

    /**
     * As {@link #draftGzip(InputStream)}, decoded in parallel when the builder's {@link ParallelDecoding} applies to
     * a layer of {@code layerSize} bytes (negative: unknown, sequential).
     */
    public ZtocDraft draftGzip(InputStream compressed, long layerSize) throws IOException {
        ParallelDecoding decoding = parallel.appliesTo(layerSize) ? parallel : ParallelDecoding.off();
        GzipCheckpointingInputStream inflater = null;
        try (CheckpointsBlobWriter windows = new CheckpointsBlobWriter(spanSize, spill)) {
            inflater = new GzipCheckpointingInputStream(compressed, spanSize, windows, decoding);
            TarReader tar = new TarReader(inflater);
            List<FileMetadata> files = readToc(tar);
            long uncompressedArchiveSize = tar.position();
            inflater.drainToEnd();
            List<String> spanDigests = inflater.spanDigests();
            long compressedSize = inflater.compressedSize();
            ByteSource checkpoints = windows.finish();
            CompressionInfo info = new CompressionInfo(CompressionAlgorithm.GZIP, inflater.checkpointCount() - 1,
                    spanDigests, NO_BYTES);
            return new ZtocDraft(new Ztoc(Ztoc.VERSION, buildToolIdentifier, compressedSize, uncompressedArchiveSize,
                    files, info), checkpoints, windows.positions());
        } finally {
            if (inflater != null) {
                inflater.stopDecodingThreads();
            }
        }
    }

    /** An uncompressed tar layer's zTOC; its tar zinfo is a few bytes, always in memory. */
    public ZtocDraft draftUncompressed(InputStream tarStream) throws IOException {
        SpanHasher spans = new SpanHasher(tarStream, spanSize);
        TarReader tar = new TarReader(spans);
        List<FileMetadata> files = readToc(tar);
        long uncompressedArchiveSize = tar.position();
        spans.drain();
        TarZinfo zinfo = TarZinfo.of(spanSize, spans.size());
        byte[] encoded = zinfo.encode();
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, Math.toIntExact(zinfo.maxSpanId()),
                spans.spanDigests(), encoded);
        return new ZtocDraft(new Ztoc(Ztoc.VERSION, buildToolIdentifier, spans.size(), uncompressedArchiveSize, files, info),
                ByteSource.of(encoded), null);
    }

    private FileTable readToc(TarReader tar) throws IOException {
        FileTable.Builder files = new FileTable.Builder();
        for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
            if (files.size() == maxEntries) {
                throw new TooManyEntriesException("the layer has more than " + maxEntries + " tar entries (entry "
                        + (maxEntries + 1) + " at uncompressed offset " + tar.position() + "): over the TOC bound");
            }
            files.add(TocEntries.fromTarEntry(entry));
        }
        return files.build();
    }
}
