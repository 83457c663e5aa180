package dev.sociindex.verify;

import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.oci.Digests;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.TarReader;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.GzipCheckpointsBlob;
import dev.sociindex.ztoc.SpanRange;
import dev.sociindex.ztoc.TarZinfo;
import dev.sociindex.ztoc.TocEntries;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocValidator;
import dev.sociindex.ztoc.ZtocViolation;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Checks one zTOC against its layer blob the way the snapshotter will use it: structure (spec 5, items 4 and 6),
 * span digests over the blob, inflation resumed with zlib at every checkpoint compared with the true bytes, and
 * every TOC entry's tar header re-parsed from the true bytes at the offset the snapshotter computes (item 8).
 */
public final class ZtocLayerVerifier {
    /** Bytes compared after each checkpoint: enough to cross several deflate blocks. */
    private static final int RESUME_CHECK_BYTES = 64 * 1024;

    private ZtocLayerVerifier() {
    }

    /** Returns the problems found, each naming the layer and what is wrong; empty when the zTOC is right. */
    public static List<String> verify(Ztoc ztoc, Path blobFile, String layerDigest) throws IOException {
        List<String> problems = new ArrayList<>();
        for (ZtocViolation problem : ZtocValidator.validate(ztoc)) {
            problems.add(layerDigest + ": " + problem);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try (FileChannel blob = FileChannel.open(blobFile, StandardOpenOption.READ)) {
            if (blob.size() != ztoc.compressedArchiveSize()) {
                problems.add(layerDigest + ": compressed_archive_size " + ztoc.compressedArchiveSize() + " but the blob has " + blob.size() + " bytes");
                return problems;
            }
            boolean gzip = ztoc.compressionInfo().algorithm() == CompressionAlgorithm.GZIP;
            List<SpanRange> spans = gzip ? gzipSpans(ztoc, blob.size()) : tarSpans(ztoc);
            checkSpanDigests(ztoc, blob, spans, layerDigest, problems);
            if (gzip) {
                checkResumption(GzipCheckpointsBlob.decode(ztoc.compressionInfo().checkpoints()).checkpoints(), blob, blobFile, layerDigest, problems);
            }
            checkHeaders(ztoc, blobFile, gzip, layerDigest, problems);
        }
        return problems;
    }

    private static List<SpanRange> gzipSpans(Ztoc ztoc, long blobSize) throws IOException {
        List<Checkpoint> checkpoints = GzipCheckpointsBlob.decode(ztoc.compressionInfo().checkpoints()).checkpoints();
        List<SpanRange> spans = new ArrayList<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            long end = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).in() : blobSize;
            spans.add(new SpanRange(checkpoints.get(i).spanStart(), end));
        }
        return spans;
    }

    private static List<SpanRange> tarSpans(Ztoc ztoc) throws IOException {
        return TarZinfo.decode(ztoc.compressionInfo().checkpoints()).spans();
    }

    private static void checkSpanDigests(Ztoc ztoc, FileChannel blob, List<SpanRange> spans, String layerDigest, List<String> problems)
            throws IOException {
        List<String> expected = ztoc.compressionInfo().spanDigests();
        for (int i = 0; i < spans.size(); i++) {
            MessageDigest sha = Digests.newSha256();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long position = spans.get(i).start();
            long end = spans.get(i).end();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = blob.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                sha.update(buffer.array(), 0, n);
                position += n;
            }
            String actual = Digests.sha256(sha);
            if (!actual.equals(expected.get(i))) {
                problems.add(layerDigest + ": span " + i + " digest is " + actual + " but the zTOC says " + expected.get(i));
            }
        }
    }

    private static void checkResumption(List<Checkpoint> checkpoints, FileChannel blob, Path blobFile, String layerDigest,
            List<String> problems) throws IOException {
        try (InputStream truth = new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(FileChannel.open(blobFile)), 1 << 16), 1 << 16)) {
            long position = 0;
            for (int i = 0; i < checkpoints.size(); i++) {
                Checkpoint checkpoint = checkpoints.get(i);
                long next = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).out() : Long.MAX_VALUE;
                int length = (int) Math.min(RESUME_CHECK_BYTES, next - checkpoint.out());
                truth.skipNBytes(checkpoint.out() - position);
                byte[] expected = truth.readNBytes(length);
                position = checkpoint.out() + expected.length;
                byte[] resumed = CheckpointResumer.resume(blob, checkpoint, expected.length);
                int mismatch = Arrays.mismatch(expected, 0, resumed.length, resumed, 0, resumed.length);
                if (resumed.length == 0 && expected.length > 0) {
                    problems.add(layerDigest + ": resuming at checkpoint " + i + " produced no data");
                } else if (mismatch >= 0) {
                    problems.add(layerDigest + ": resuming at checkpoint " + i + " (out=" + checkpoint.out() + ") gives wrong data at uncompressed offset "
                            + (checkpoint.out() + mismatch));
                }
            }
        }
    }

    private static void checkHeaders(Ztoc ztoc, Path blobFile, boolean gzip, String layerDigest, List<String> problems) throws IOException {
        List<FileMetadata> files = new ArrayList<>(ztoc.files());
        files.sort(Comparator.comparingLong(FileMetadata::uncompressedOffset));
        InputStream raw = new BufferedInputStream(Channels.newInputStream(FileChannel.open(blobFile)), 1 << 16);
        try (InputStream truth = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            long position = 0;
            long headerOffset = 0;
            for (FileMetadata file : files) {
                truth.skipNBytes(headerOffset - position);
                byte[] header = truth.readNBytes((int) (file.uncompressedOffset() - headerOffset));
                position = file.uncompressedOffset();
                TarReader reader = new TarReader(new ByteArrayInputStream(header));
                TarEntry entry = reader.next();
                if (entry == null || entry.dataOffset() != header.length) {
                    problems.add(layerDigest + ": the tar header of " + file.name() + " does not parse to exactly its data offset " + file.uncompressedOffset());
                } else {
                    FileMetadata reparsed = TocEntries.fromTarEntry(entry);
                    FileMetadata expected = withOffset(reparsed, file.uncompressedOffset());
                    if (!expected.equals(file)) {
                        problems.add(layerDigest + ": the zTOC entry of " + file.name() + " differs from its tar header: " + file + " vs " + expected);
                    }
                }
                headerOffset = align512(file.uncompressedOffset() + file.uncompressedSize());
            }
        }
    }

    private static FileMetadata withOffset(FileMetadata m, long offset) {
        return new FileMetadata(m.name(), m.type(), offset, m.uncompressedSize(), m.linkName(), m.mode(), m.uid(), m.gid(),
                m.userName(), m.groupName(), m.modTime(), m.devMajor(), m.devMinor(), m.xattrs());
    }

    private static long align512(long offset) {
        return (offset + 511) & ~511L;
    }
}
