package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;
import java.util.List;

/**
 * One entry of a tar stream as Go's {@code archive/tar} returns it (after PAX and GNU long-name/link overrides),
 * with every text field kept as raw bytes.
 *
 * @param headerOffset offset of the entry's first header block (including any PAX/GNU meta headers)
 * @param dataOffset   offset of the entry's data: just after its last header block
 * @param typeflag     the type flag after Go's mapping of a legacy NUL ('0', or '5' for names ending in '/')
 * @param size         the header's size field after a PAX {@code size} override (also for header-only types)
 * @param mode         the raw numeric mode field, untouched (may contain S_IFxxx bits)
 * @param modTimeSeconds seconds since the epoch (PAX {@code mtime} when present)
 * @param modTimeNanos   the fractional part of a PAX {@code mtime}, 0..999999999
 * @param paxRecords   all PAX records of this entry in the order they appeared (Go folds GNU.sparse pairs;
 *                     sparse entries are rejected anyway)
 */
public record TarEntry(
        long headerOffset,
        long dataOffset,
        RawBytes name,
        char typeflag,
        long size,
        RawBytes linkName,
        long mode,
        long uid,
        long gid,
        RawBytes userName,
        RawBytes groupName,
        long modTimeSeconds,
        int modTimeNanos,
        long devMajor,
        long devMinor,
        List<PaxRecord> paxRecords) {

    public TarEntry {
        paxRecords = List.copyOf(paxRecords);
    }
}
