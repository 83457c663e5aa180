package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;
import java.util.List;

/**
 * One TOC entry of a zTOC (FlatBuffers table {@code ztoc.FileMetadata}).
 *
 * @param type    "reg", "dir", "symlink", "hardlink", "char", "block" or "fifo"
 * @param modTime Go's {@code time.MarshalText} form in UTC, e.g. {@code 2024-01-02T03:04:05.5Z}
 * @param xattrs  sorted bytewise by key
 */
public record FileMetadata(
        RawBytes name,
        String type,
        long uncompressedOffset,
        long uncompressedSize,
        RawBytes linkName,
        long mode,
        long uid,
        long gid,
        RawBytes userName,
        RawBytes groupName,
        String modTime,
        long devMajor,
        long devMinor,
        List<Xattr> xattrs) {

    public FileMetadata {
        xattrs = List.copyOf(xattrs);
    }
}
