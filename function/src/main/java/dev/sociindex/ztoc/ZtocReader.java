package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.ztoc.ZtocSchema.CompressionInfoTable;
import dev.sociindex.ztoc.ZtocSchema.FileMetadataTable;
import dev.sociindex.ztoc.ZtocSchema.TocTable;
import dev.sociindex.ztoc.ZtocSchema.XattrTable;
import dev.sociindex.ztoc.ZtocSchema.ZtocTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a zTOC flatbuffer back into the model. Strings come back byte for byte; absent scalars take their
 * schema defaults and absent strings and vectors read as empty, as Go's generated accessors do. Entries keep
 * their stored order (the snapshotter's re-sort by offset is {@link ZtocValidator}'s business).
 */
public final class ZtocReader {
    private ZtocReader() {
    }

    public static Ztoc read(byte[] bytes) throws ZtocFormatException {
        return read(ByteBuffer.wrap(bytes));
    }

    /** Reads the flatbuffer between the buffer's position and limit; the buffer itself is not modified. */
    public static Ztoc read(ByteBuffer buffer) throws ZtocFormatException {
        FlatTable root = FlatTable.root(buffer, "Ztoc");
        String version = root.string(ZtocTable.VERSION, "version").utf8String();
        String buildTool = root.string(ZtocTable.BUILD_TOOL_IDENTIFIER, "build_tool_identifier").utf8String();
        long compressedSize = root.int64(ZtocTable.COMPRESSED_ARCHIVE_SIZE, "compressed_archive_size");
        long uncompressedSize = root.int64(ZtocTable.UNCOMPRESSED_ARCHIVE_SIZE, "uncompressed_archive_size");
        List<FileMetadata> files = readToc(root.requiredTable(ZtocTable.TOC, "toc"));
        CompressionInfo info = readCompressionInfo(root.requiredTable(ZtocTable.COMPRESSION_INFO, "compression_info"));
        return new Ztoc(version, buildTool, compressedSize, uncompressedSize, files, info);
    }

    private static List<FileMetadata> readToc(FlatTable toc) throws ZtocFormatException {
        List<FlatTable> tables = toc.tables(TocTable.METADATA, "metadata");
        List<FileMetadata> files = new ArrayList<>(tables.size());
        for (FlatTable table : tables) {
            files.add(readFileMetadata(table));
        }
        return files;
    }

    private static FileMetadata readFileMetadata(FlatTable t) throws ZtocFormatException {
        List<Xattr> xattrs = new ArrayList<>();
        for (FlatTable x : t.tables(FileMetadataTable.XATTRS, "xattrs")) {
            xattrs.add(new Xattr(x.string(XattrTable.KEY, "key"), x.string(XattrTable.VALUE, "value")));
        }
        return new FileMetadata(
                t.string(FileMetadataTable.NAME, "name"),
                t.string(FileMetadataTable.TYPE, "type").utf8String(),
                t.int64(FileMetadataTable.UNCOMPRESSED_OFFSET, "uncompressed_offset"),
                t.int64(FileMetadataTable.UNCOMPRESSED_SIZE, "uncompressed_size"),
                t.string(FileMetadataTable.LINKNAME, "linkname"),
                t.int64(FileMetadataTable.MODE, "mode"),
                Integer.toUnsignedLong(t.int32(FileMetadataTable.UID, "uid")),
                Integer.toUnsignedLong(t.int32(FileMetadataTable.GID, "gid")),
                t.string(FileMetadataTable.UNAME, "uname"),
                t.string(FileMetadataTable.GNAME, "gname"),
                t.string(FileMetadataTable.MOD_TIME, "mod_time").utf8String(),
                t.int64(FileMetadataTable.DEVMAJOR, "devmajor"),
                t.int64(FileMetadataTable.DEVMINOR, "devminor"),
                xattrs);
    }

    private static CompressionInfo readCompressionInfo(FlatTable t) throws ZtocFormatException {
        byte code = t.int8(CompressionInfoTable.COMPRESSION_ALGORITHM, "compression_algorithm",
                CompressionInfoTable.DEFAULT_ALGORITHM.code());
        CompressionAlgorithm algorithm;
        try {
            algorithm = CompressionAlgorithm.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new ZtocFormatException(t.path() + ".compression_algorithm: unknown value " + code);
        }
        int maxSpanId = t.int32(CompressionInfoTable.MAX_SPAN_ID, "max_span_id");
        List<RawBytes> rawDigests = t.strings(CompressionInfoTable.SPAN_DIGESTS, "span_digests");
        List<String> digests = new ArrayList<>(rawDigests.size());
        for (RawBytes digest : rawDigests) {
            digests.add(digest.utf8String());
        }
        byte[] checkpoints = t.bytes(CompressionInfoTable.CHECKPOINTS, "checkpoints");
        return new CompressionInfo(algorithm, maxSpanId, digests, checkpoints);
    }
}
