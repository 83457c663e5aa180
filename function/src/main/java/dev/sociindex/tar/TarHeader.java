package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;

/**
 * The fields of one 512-byte header block as Go's {@code readHeader} parses them, before any PAX or GNU
 * long-name override and before the legacy NUL type flag is mapped.
 *
 * @param typeflag the raw type flag byte
 * @param name     the name field, or {@code prefix + "/" + name} for USTAR/PAX/STAR headers with a prefix
 */
record TarHeader(
        byte typeflag,
        RawBytes name,
        RawBytes linkName,
        long size,
        long mode,
        long uid,
        long gid,
        long modTimeSeconds,
        RawBytes userName,
        RawBytes groupName,
        long devMajor,
        long devMinor) {
}
