package dev.sociindex.verify;

import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.oci.Digests;
import dev.sociindex.ztoc.CompressionAlgorithm;
import dev.sociindex.ztoc.SpanLayout;
import dev.sociindex.ztoc.SpanLayout.Span;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes bytes of a layer's tar stream from only the spans that hold them, as the snapshotter does: the compressed
 * bytes of spans {@code first..last} (held in a channel whose position 0 is layer offset {@code dataStart}) are
 * checked against the zTOC's span digests, then inflation starts at span {@code first}'s checkpoint with its window
 * (zlib through {@link Inflater}, aligned as {@link CheckpointResumer} does) and crosses gzip member boundaries.
 */
final class SpanExtractor {
    private static final int CHUNK = 64 * 1024;

    private final SpanLayout layout;
    private final List<String> spanDigests;
    private final String layer;

    SpanExtractor(SpanLayout layout, List<String> spanDigests, String layer) {
        this.layout = layout;
        this.spanDigests = spanDigests;
        this.layer = layer;
    }

    /** Layer bytes {@code [start, end)} that spans {@code first..last} cover. */
    long rangeStart(int first) {
        return layout.span(first).compressedStart();
    }

    long rangeEnd(int last) {
        return layout.span(last).compressedEnd();
    }

    /** Throws naming the span when its bytes do not hash to the zTOC's digest (what the snapshotter checks on fetch). */
    void verifySpans(int first, int last, FileChannel data, long dataStart) throws IOException {
        for (int id = first; id <= last; id++) {
            Span span = layout.span(id);
            MessageDigest sha = Digests.newSha256();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long position = span.compressedStart() - dataStart;
            long end = span.compressedEnd() - dataStart;
            while (position < end) {
                buffer.clear().limit((int) Math.min(CHUNK, end - position));
                int n = data.read(buffer, position);
                if (n <= 0) {
                    throw new IOException(layer + ": span " + id + " is cut short at layer offset " + (position + dataStart));
                }
                sha.update(buffer.array(), 0, n);
                position += n;
            }
            String actual = Digests.sha256(sha);
            if (!actual.equals(spanDigests.get(id))) {
                throw new IOException(layer + ": span " + id + " has digest " + actual + " but the zTOC says " + spanDigests.get(id));
            }
        }
    }

    /** Writes tar bytes {@code [offset, offset + size)}, which must lie in spans {@code first..}. */
    void extract(int first, FileChannel data, long dataStart, long offset, long size, OutputStream out) throws IOException {
        if (layout.algorithm() == CompressionAlgorithm.UNCOMPRESSED) {
            copy(data, offset - dataStart, size, out);
            return;
        }
        new MemberInflation(data, dataStart, layout.checkpoint(first)).write(offset, size, out);
    }

    private void copy(FileChannel data, long position, long size, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long remaining = size;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(CHUNK, remaining));
            int n = data.read(buffer, position);
            if (n <= 0) {
                throw new IOException(layer + ": the layer ends before the file's last " + remaining + " bytes");
            }
            out.write(buffer.array(), 0, n);
            position += n;
            remaining -= n;
        }
    }

    /** Inflation from a checkpoint on, member after member. */
    private final class MemberInflation {
        private final FileChannel data;
        private final long dataStart;
        private final Checkpoint checkpoint;
        private Inflater inflater;
        /** Channel position of the next byte to feed. */
        private long position;
        /** Bytes the alignment prefix added in front of the chunk being inflated (0 after the first chunk). */
        private int prefixBytes;
        private long chunkStart;
        private int chunkLength;

        MemberInflation(FileChannel data, long dataStart, Checkpoint checkpoint) {
            this.data = data;
            this.dataStart = dataStart;
            this.checkpoint = checkpoint;
        }

        void write(long offset, long size, OutputStream out) throws IOException {
            inflater = new Inflater(true);
            inflater.setDictionary(checkpoint.window());
            position = checkpoint.spanStart() - dataStart;
            long skip = offset - checkpoint.out();
            long remaining = size;
            byte[] output = new byte[CHUNK];
            boolean first = true;
            try {
                while (remaining > 0) {
                    if (inflater.finished()) {
                        nextMember();
                    }
                    if (inflater.needsInput()) {
                        feed(first);
                        first = false;
                    }
                    int n = inflate(output);
                    int from = (int) Math.min(skip, n);
                    skip -= from;
                    int useful = (int) Math.min(n - from, remaining);
                    out.write(output, from, useful);
                    remaining -= useful;
                }
            } finally {
                inflater.end();
            }
        }

        private int inflate(byte[] output) throws IOException {
            try {
                return inflater.inflate(output);
            } catch (DataFormatException e) {
                throw new IOException(layer + ": zlib cannot inflate from the checkpoint at compressed offset " + checkpoint.in()
                        + " (uncompressed " + checkpoint.out() + "): " + e.getMessage(), e);
            }
        }

        private void feed(boolean first) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            int n = data.read(buffer, position);
            if (n <= 0) {
                throw new IOException(layer + ": the fetched spans end at layer offset " + (position + dataStart) + " before the file does");
            }
            byte[] chunk = Arrays.copyOf(buffer.array(), n);
            chunkStart = position;
            chunkLength = n;
            position += n;
            byte[] input = first && checkpoint.bits() != 0 ? CheckpointResumer.withAlignmentPrefix(chunk, checkpoint.bits()) : chunk;
            prefixBytes = input.length - chunk.length;
            inflater.setInput(input);
        }

        /** After a member's final block: skip its 8-byte trailer and the next member's header, and go on inflating. */
        private void nextMember() throws IOException {
            long consumed = chunkStart + (chunkLength + prefixBytes - inflater.getRemaining()) - prefixBytes;
            inflater.end();
            long header = consumed + 8;
            position = header + GzipHeaderSkipper.length(data, header, layer, dataStart);
            inflater = new Inflater(true);
            prefixBytes = 0;
            chunkLength = 0;
        }
    }
}
