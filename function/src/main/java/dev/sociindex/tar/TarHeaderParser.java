package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;

/**
 * Parses one non-zero 512-byte tar header block the way Go's {@code archive/tar} does: checksum first
 * (unsigned or signed byte sum), then the format from the magic, then the fields of that format.
 */
final class TarHeaderParser {
    static final int BLOCK_SIZE = 512;

    private static final int NAME = 0;
    private static final int MODE = 100;
    private static final int UID = 108;
    private static final int GID = 116;
    private static final int SIZE = 124;
    private static final int MTIME = 136;
    private static final int CHECKSUM = 148;
    private static final int CHECKSUM_END = 156;
    private static final int TYPEFLAG = 156;
    private static final int LINKNAME = 157;
    private static final int MAGIC = 257;
    private static final int VERSION = 263;
    private static final int UNAME = 265;
    private static final int GNAME = 297;
    private static final int DEVMAJOR = 329;
    private static final int DEVMINOR = 337;
    private static final int PREFIX = 345;
    private static final int USTAR_PREFIX_LENGTH = 155;
    private static final int STAR_PREFIX_LENGTH = 131;
    private static final int STAR_ATIME = 476;
    private static final int STAR_CTIME = 488;
    private static final int STAR_TRAILER = 508;
    private static final int GNU_ATIME = 345;
    private static final int GNU_CTIME = 357;

    private enum Format { V7, USTAR_OR_PAX, STAR, GNU }

    private TarHeaderParser() {
    }

    /**
     * @param block  exactly {@link #BLOCK_SIZE} bytes, not all zero
     * @param offset the block's offset in the uncompressed stream, for error messages
     */
    static TarHeader parse(byte[] block, long offset) throws TarFormatException {
        verifyChecksum(block, offset);
        Format format = formatOf(block);

        byte typeflag = block[TYPEFLAG];
        RawBytes name = cString(block, NAME, 100);
        RawBytes linkName = cString(block, LINKNAME, 100);
        long size = numeric(block, SIZE, 12, "size", offset);
        long mode = numeric(block, MODE, 8, "mode", offset);
        long uid = numeric(block, UID, 8, "uid", offset);
        long gid = numeric(block, GID, 8, "gid", offset);
        long mtime = numeric(block, MTIME, 12, "mtime", offset);
        if (format == Format.V7) {
            return new TarHeader(typeflag, name, linkName, size, mode, uid, gid, mtime,
                    RawBytes.EMPTY, RawBytes.EMPTY, 0, 0);
        }

        RawBytes userName = cString(block, UNAME, 32);
        RawBytes groupName = cString(block, GNAME, 32);
        long devMajor = numeric(block, DEVMAJOR, 8, "devmajor", offset);
        long devMinor = numeric(block, DEVMINOR, 8, "devminor", offset);
        RawBytes prefix = switch (format) {
            case USTAR_OR_PAX -> cString(block, PREFIX, USTAR_PREFIX_LENGTH);
            case STAR -> {
                // Go parses STAR's atime and ctime (and fails the header if they are invalid) but SOCI keeps neither.
                numeric(block, STAR_ATIME, 12, "atime", offset);
                numeric(block, STAR_CTIME, 12, "ctime", offset);
                yield cString(block, PREFIX, STAR_PREFIX_LENGTH);
            }
            case GNU -> legacyGoGnuPrefix(block);
            case V7 -> throw new AssertionError("handled above");
        };
        if (!prefix.isEmpty()) {
            name = concat(prefix, name);
        }
        return new TarHeader(typeflag, name, linkName, size, mode, uid, gid, mtime,
                userName, groupName, devMajor, devMinor);
    }

    /**
     * GNU headers have no prefix: that space holds atime and ctime. Go before 1.8 wrote a USTAR prefix there by
     * mistake, so Go today reads the prefix after all when atime or ctime (if present) is not a valid number and
     * the prefix is pure ASCII. Mirrored because the snapshotter's name must match ours.
     */
    private static RawBytes legacyGoGnuPrefix(byte[] block) {
        if (isValidOptionalNumber(block, GNU_ATIME) && isValidOptionalNumber(block, GNU_CTIME)) {
            return RawBytes.EMPTY;
        }
        RawBytes prefix = cString(block, PREFIX, USTAR_PREFIX_LENGTH);
        for (int i = 0; i < prefix.length(); i++) {
            if ((prefix.byteAt(i) & 0x80) != 0) {
                return RawBytes.EMPTY;
            }
        }
        return prefix;
    }

    private static boolean isValidOptionalNumber(byte[] block, int from) {
        if (block[from] == 0) {
            return true;
        }
        try {
            GoNumbers.parseNumeric(block, from, from + 12);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void verifyChecksum(byte[] block, long offset) throws TarFormatException {
        long stored;
        try {
            stored = GoNumbers.parseOctal(block, CHECKSUM, CHECKSUM_END);
        } catch (NumberFormatException e) {
            throw new TarFormatException("invalid tar header checksum field: " + e.getMessage(), offset);
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK_SIZE; i++) {
            byte b = i >= CHECKSUM && i < CHECKSUM_END ? (byte) ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new TarFormatException("tar header checksum mismatch: stored " + stored
                    + ", computed " + unsigned + " (unsigned) / " + signed + " (signed)", offset);
        }
    }

    /** Go does not check the USTAR version field; only the magic (and STAR's trailer) decide. */
    private static Format formatOf(byte[] block) {
        if (matches(block, MAGIC, "ustar\0")) {
            return matches(block, STAR_TRAILER, "tar\0") ? Format.STAR : Format.USTAR_OR_PAX;
        }
        if (matches(block, MAGIC, "ustar ") && matches(block, VERSION, " \0")) {
            return Format.GNU;
        }
        return Format.V7;
    }

    private static boolean matches(byte[] block, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (block[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long numeric(byte[] block, int at, int length, String field, long offset)
            throws TarFormatException {
        try {
            return GoNumbers.parseNumeric(block, at, at + length);
        } catch (NumberFormatException e) {
            throw new TarFormatException("invalid tar header field '" + field + "' (" + e.getMessage() + ")", offset);
        }
    }

    /** A NUL-terminated string; the whole field when it has no NUL. */
    static RawBytes cString(byte[] bytes, int at, int length) {
        int end = at;
        while (end < at + length && bytes[end] != 0) {
            end++;
        }
        return RawBytes.copyOf(bytes, at, end - at);
    }

    private static RawBytes concat(RawBytes prefix, RawBytes name) {
        byte[] joined = new byte[prefix.length() + 1 + name.length()];
        System.arraycopy(prefix.toByteArray(), 0, joined, 0, prefix.length());
        joined[prefix.length()] = '/';
        System.arraycopy(name.toByteArray(), 0, joined, prefix.length() + 1, name.length());
        return RawBytes.copyOf(joined);
    }
}
