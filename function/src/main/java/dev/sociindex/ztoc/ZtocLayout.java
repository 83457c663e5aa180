package dev.sociindex.ztoc;

import dev.sociindex.bytes.ByteSource;
import dev.sociindex.oci.Digests;
import dev.sociindex.ztoc.ZtocSchema.CompressionInfoTable;
import dev.sociindex.ztoc.ZtocSchema.ZtocTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a zTOC around a checkpoints blob that is not in memory, byte for byte as {@link ZtocWriter} would write it
 * with the blob inline (and so as the reference builder does).
 *
 * <p>How: the FlatBuffers builder writes back to front, so the layout is (from the file's start) the root and
 * compression-info tables with the span digests, then the checkpoints vector (length, bytes), then the TOC and the
 * strings created before it. The vector's content influences no other byte, and its length only through padding,
 * which the builder computes from the bytes used modulo the largest alignment (8). So the tables are built by
 * {@link ZtocWriter} around a stand-in vector of {@code N mod 8} bytes, and then: the part before the vector is kept,
 * the vector's length field becomes {@code N}, the real blob follows, and the part after the stand-in follows that.
 * The only offsets that cross the vector are the root table's references into the TOC part; each grows by exactly
 * {@code N - N mod 8}. Anything else crossing it would be a layout this class does not know, and is refused.
 */
public final class ZtocLayout {
    private static final int UOFFSET = 4;
    private static final int ALIGNMENT = 8;
    /** FlatBuffers offsets are signed 32-bit. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private ZtocLayout() {
    }

    /**
     * The zTOC of {@code shape} (whose own checkpoints bytes are ignored) with {@code checkpoints} as its
     * {@code CompressionInfo.checkpoints}. The result owns {@code checkpoints}: closing it closes them. Reads the
     * checkpoints once, for the digest.
     */
    public static ZtocBlob write(Ztoc shape, ByteSource checkpoints) throws IOException {
        try {
            return layOut(shape, checkpoints);
        } catch (IOException | RuntimeException e) {
            checkpoints.close();
            throw e;
        }
    }

    private static ZtocBlob layOut(Ztoc shape, ByteSource checkpoints) throws IOException {
        long n = checkpoints.size();
        int standInLength = (int) (n % ALIGNMENT);
        CompressionInfo info = shape.compressionInfo();
        Ztoc standIn = new Ztoc(shape.version(), shape.buildToolIdentifier(), shape.compressedArchiveSize(),
                shape.uncompressedArchiveSize(), shape.files(),
                new CompressionInfo(info.algorithm(), info.maxSpanId(), info.spanDigests(), new byte[standInLength]));
        // The builder's own buffer, patched in place and served in two slices: the TOC's tables exist once.
        ByteBuffer buf = ZtocWriter.writeToBuffer(standIn).slice().order(ByteOrder.LITTLE_ENDIAN);
        int length = buf.remaining();
        long growth = n - standInLength;
        if (length + growth > MAX_SIZE) {
            throw new IllegalArgumentException("zTOC of " + (length + growth)
                    + " bytes exceeds the 2 GiB FlatBuffers limit (" + n + " bytes of checkpoints)");
        }
        int root = buf.getInt(0);
        int compressionInfo = target(buf, field(buf, root, ZtocTable.COMPRESSION_INFO));
        int vector = target(buf, field(buf, compressionInfo, CompressionInfoTable.CHECKPOINTS));
        if (buf.getInt(vector) != standInLength) {
            throw new IllegalStateException("stand-in checkpoints vector not found where the table points");
        }
        int afterVector = vector + UOFFSET + standInLength;
        List<Integer> patched = new ArrayList<>();
        for (int id : List.of(ZtocTable.VERSION, ZtocTable.BUILD_TOOL_IDENTIFIER, ZtocTable.TOC)) {
            int at = field(buf, root, id);
            if (at < 0) {
                continue;
            }
            if (target(buf, at) < afterVector) {
                throw new IllegalStateException("root field " + id + " does not point past the checkpoints vector");
            }
            patched.add(at);
        }
        requireBefore(vector, vtable(buf, root), "root vtable");
        requireBefore(vector, vtable(buf, compressionInfo), "compression info vtable");
        int digests = field(buf, compressionInfo, CompressionInfoTable.SPAN_DIGESTS);
        if (digests >= 0) {
            int digestVector = target(buf, digests);
            requireBefore(vector, digestVector, "span digests vector");
            int count = buf.getInt(digestVector);
            for (int i = 0; i < count; i++) {
                requireBefore(vector, target(buf, digestVector + UOFFSET + i * UOFFSET), "span digest " + i);
            }
        }
        // Checked everything first: now patch.
        for (int at : patched) {
            buf.putInt(at, Math.toIntExact(buf.getInt(at) + growth));
        }
        buf.putInt(vector, Math.toIntExact(n));
        ByteSource head = ByteSource.of(buf.slice(0, vector + UOFFSET));
        ByteSource tail = ByteSource.of(buf.slice(afterVector, length - afterVector));
        ByteSource whole = ByteSource.concat(List.of(head, checkpoints, tail));
        return new ZtocBlob(whole, digestOf(whole));
    }

    private static String digestOf(ByteSource bytes) throws IOException {
        MessageDigest sha256 = Digests.newSha256();
        try (InputStream in = bytes.open(); OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            in.transferTo(out);
        }
        return Digests.sha256(sha256);
    }

    /** Absolute position of a table's field, or -1 when the field is absent. */
    private static int field(ByteBuffer buf, int table, int id) {
        int vtable = vtable(buf, table);
        int slot = 4 + 2 * id;
        if (slot >= Short.toUnsignedInt(buf.getShort(vtable))) {
            return -1;
        }
        int offset = Short.toUnsignedInt(buf.getShort(vtable + slot));
        return offset == 0 ? -1 : table + offset;
    }

    private static int vtable(ByteBuffer buf, int table) {
        return table - buf.getInt(table);
    }

    private static int target(ByteBuffer buf, int uoffsetAt) {
        return uoffsetAt + buf.getInt(uoffsetAt);
    }

    private static void requireBefore(int vector, int position, String what) {
        if (position >= vector) {
            throw new IllegalStateException(what + " at " + position + " lies past the checkpoints vector at " + vector
                    + ": a layout ZtocLayout does not know");
        }
    }
}
