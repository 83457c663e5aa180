package dev.sociindex.ztoc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.sociindex.bytes.RawBytes;
import dev.sociindex.ztoc.ZtocSchema.CompressionInfoTable;
import dev.sociindex.ztoc.ZtocSchema.FileMetadataTable;
import dev.sociindex.ztoc.ZtocSchema.TocTable;
import dev.sociindex.ztoc.ZtocSchema.XattrTable;
import dev.sociindex.ztoc.ZtocSchema.ZtocTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Serialises a {@link Ztoc} to its FlatBuffers form: root {@code Ztoc}, no file identifier, not size-prefixed.
 * Objects are created in the order Go's {@code ztoc_marshaler.go} creates them (spec 1.2), so that the Java
 * builder, which shares Go's layout and vtable-dedup algorithm, can produce the same bytes. Scalars equal to
 * their schema default are omitted, as Go does.
 */
public final class ZtocWriter {
    /** FlatBuffers offsets are signed 32-bit: a buffer cannot reach 2 GiB. */
    private static final long MAX_BUFFER = Integer.MAX_VALUE - 8;
    /**
     * Room for every distinct vtable: a file table's has up to 14 slots (32 bytes with its header and padding), and
     * which of its 7 defaultable scalars are present gives at most 128 shapes; the other tables add a few.
     */
    private static final long VTABLES_BYTES = 128 * 36 + 1024;

    private ZtocWriter() {
    }

    public static byte[] write(Ztoc ztoc) {
        ByteBuffer finished = writeToBuffer(ztoc);
        byte[] bytes = new byte[finished.remaining()];
        finished.get(bytes);
        return bytes;
    }

    /**
     * The finished flatbuffer in the builder's own buffer (between position and limit, little-endian), without the
     * copy into an array: for {@link ZtocLayout}, which keeps a large TOC's tables only once.
     */
    static ByteBuffer writeToBuffer(Ztoc ztoc) {
        FlatBufferBuilder builder = new FlatBufferBuilder((int) estimatedSize(ztoc));
        int version = builder.createString(ztoc.version());
        int buildTool = builder.createString(ztoc.buildToolIdentifier());
        int toc = writeToc(builder, ztoc.files());
        int compressionInfo = writeCompressionInfo(builder, ztoc.compressionInfo());

        builder.startTable(ZtocTable.FIELDS);
        builder.addOffset(ZtocTable.VERSION, version, 0);
        builder.addOffset(ZtocTable.BUILD_TOOL_IDENTIFIER, buildTool, 0);
        builder.addOffset(ZtocTable.TOC, toc, 0);
        builder.addLong(ZtocTable.COMPRESSED_ARCHIVE_SIZE, ztoc.compressedArchiveSize(), 0L);
        builder.addLong(ZtocTable.UNCOMPRESSED_ARCHIVE_SIZE, ztoc.uncompressedArchiveSize(), 0L);
        builder.addOffset(ZtocTable.COMPRESSION_INFO, compressionInfo, 0);
        builder.finish(builder.endTable());
        return builder.dataBuffer();
    }

    /**
     * An upper bound of the finished size, used as the builder's initial capacity: growing by doubling would copy
     * the tables (a large TOC's are tens of MB) and hold old and new buffer at once. Per entry: its table (soffset,
     * seven offsets, five longs, two ints, alignment: at most 88 bytes), six strings of at most length + 8 (length
     * prefix, terminator, padding), the xattrs vector (8) and its slot in the TOC vector (4); per xattr its table
     * (16), two strings and a slot (4). Vtables are shared between tables of the same shape, so they are counted once
     * per possible shape ({@link #VTABLES_BYTES}).
     */
    static long estimatedSize(Ztoc ztoc) {
        long size = 256L + VTABLES_BYTES + ztoc.version().length() * 4L + ztoc.buildToolIdentifier().length() * 4L;
        if (ztoc.files() instanceof FileTable table) {
            size += table.writtenBytesBound(); // summed as the entries came, so the table is not decoded for it
        } else {
            for (FileMetadata file : ztoc.files()) {
                size += writtenBytesBound(file);
            }
        }
        CompressionInfo info = ztoc.compressionInfo();
        size += 16L + info.checkpoints().length;
        for (String digest : info.spanDigests()) {
            size += 12L + digest.length() * 4L;
        }
        if (size > MAX_BUFFER) {
            throw new IllegalArgumentException("zTOC of about " + size + " bytes exceeds the 2 GiB FlatBuffers limit");
        }
        return size;
    }

    /** The most bytes one entry's tables and strings take (see {@link #estimatedSize}), vtables aside. */
    static long writtenBytesBound(FileMetadata file) {
        long size = 148L + file.name().length() + file.type().length() + file.linkName().length()
                + file.userName().length() + file.groupName().length() + file.modTime().length();
        for (Xattr xattr : file.xattrs()) {
            size += 36L + xattr.key().length() + xattr.value().length();
        }
        return size;
    }

    private static int writeToc(FlatBufferBuilder builder, List<FileMetadata> files) {
        int[] entries = new int[files.size()];
        for (int i = files.size() - 1; i >= 0; i--) {
            entries[i] = writeFileMetadata(builder, files.get(i));
        }
        int metadata = offsetVector(builder, entries);
        builder.startTable(TocTable.FIELDS);
        builder.addOffset(TocTable.METADATA, metadata, 0);
        return builder.endTable();
    }

    private static int writeFileMetadata(FlatBufferBuilder builder, FileMetadata file) {
        // All six strings are created even when empty, as Go does.
        int name = rawString(builder, file.name());
        int type = builder.createString(file.type());
        int linkName = rawString(builder, file.linkName());
        int userName = rawString(builder, file.userName());
        int groupName = rawString(builder, file.groupName());
        int modTime = builder.createString(file.modTime());
        int xattrs = writeXattrs(builder, file.xattrs());

        builder.startTable(FileMetadataTable.FIELDS);
        builder.addOffset(FileMetadataTable.NAME, name, 0);
        builder.addOffset(FileMetadataTable.TYPE, type, 0);
        builder.addLong(FileMetadataTable.UNCOMPRESSED_OFFSET, file.uncompressedOffset(), 0L);
        builder.addLong(FileMetadataTable.UNCOMPRESSED_SIZE, file.uncompressedSize(), 0L);
        builder.addOffset(FileMetadataTable.LINKNAME, linkName, 0);
        builder.addLong(FileMetadataTable.MODE, file.mode(), 0L);
        // uid and gid are uint32 in the schema; Go truncates with uint32(...) the same way.
        builder.addInt(FileMetadataTable.UID, (int) file.uid(), 0);
        builder.addInt(FileMetadataTable.GID, (int) file.gid(), 0);
        builder.addOffset(FileMetadataTable.UNAME, userName, 0);
        builder.addOffset(FileMetadataTable.GNAME, groupName, 0);
        builder.addOffset(FileMetadataTable.MOD_TIME, modTime, 0);
        builder.addLong(FileMetadataTable.DEVMAJOR, file.devMajor(), 0L);
        builder.addLong(FileMetadataTable.DEVMINOR, file.devMinor(), 0L);
        builder.addOffset(FileMetadataTable.XATTRS, xattrs, 0);
        return builder.endTable();
    }

    /** The xattrs vector, always written (even empty), sorted bytewise by key as Go's {@code sort.Strings}. */
    private static int writeXattrs(FlatBufferBuilder builder, List<Xattr> xattrs) {
        List<Xattr> sorted = new ArrayList<>(xattrs);
        sorted.sort(Comparator.comparing(Xattr::key));
        int[] tables = new int[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            int key = rawString(builder, sorted.get(i).key());
            int value = rawString(builder, sorted.get(i).value());
            builder.startTable(XattrTable.FIELDS);
            builder.addOffset(XattrTable.KEY, key, 0);
            builder.addOffset(XattrTable.VALUE, value, 0);
            tables[i] = builder.endTable();
        }
        return offsetVector(builder, tables);
    }

    private static int writeCompressionInfo(FlatBufferBuilder builder, CompressionInfo info) {
        int checkpoints = builder.createByteVector(info.checkpoints());
        List<String> digests = info.spanDigests();
        int[] digestStrings = new int[digests.size()];
        for (int i = 0; i < digests.size(); i++) {
            digestStrings[i] = builder.createString(digests.get(i));
        }
        int spanDigests = offsetVector(builder, digestStrings);

        builder.startTable(CompressionInfoTable.FIELDS);
        builder.addInt(CompressionInfoTable.MAX_SPAN_ID, info.maxSpanId(), 0);
        builder.addOffset(CompressionInfoTable.SPAN_DIGESTS, spanDigests, 0);
        builder.addOffset(CompressionInfoTable.CHECKPOINTS, checkpoints, 0);
        // Omitted when it equals the schema default (gzip), as Go's builder does.
        builder.addByte(CompressionInfoTable.COMPRESSION_ALGORITHM, info.algorithm().code(),
                CompressionInfoTable.DEFAULT_ALGORITHM.code());
        return builder.endTable();
    }

    /** A vector of offsets: {@code createVectorOfTables} lays out string offsets exactly as table offsets. */
    private static int offsetVector(FlatBufferBuilder builder, int[] offsets) {
        return builder.createVectorOfTables(offsets);
    }

    /** Strings are byte strings: never decoded, copied into the buffer as they are. */
    private static int rawString(FlatBufferBuilder builder, RawBytes bytes) {
        return builder.createString(ByteBuffer.wrap(bytes.toByteArray()));
    }
}
