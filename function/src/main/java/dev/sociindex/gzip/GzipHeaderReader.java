package dev.sociindex.gzip;

import java.io.IOException;
import java.util.zip.CRC32;

/** Parses (and discards) one gzip member header, RFC 1952 section 2.3. */
final class GzipHeaderReader {
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED_FLAGS = 0xE0;

    private final BitInput in;
    /** CRC-32 of the header bytes read so far, for the optional header CRC16. */
    private final CRC32 headerCrc = new CRC32();

    GzipHeaderReader(BitInput in) {
        this.in = in;
    }

    /**
     * Reads a header starting at the current (byte-aligned) position.
     *
     * @param firstMember whether this is the blob's first member: a bad magic there means "not gzip", later it
     *                    means trailing garbage after the previous member
     */
    void read(boolean firstMember) throws IOException {
        long start = in.byteOffset();
        headerCrc.reset();
        // Check the magic one byte at a time so that a single trailing byte is reported as garbage, not truncation.
        int id1 = nextByte();
        if (id1 != 0x1F) {
            throw badMagic(firstMember, String.format("%02x", id1), start);
        }
        int id2 = nextByte();
        if (id2 != 0x8B) {
            throw badMagic(firstMember, String.format("1f %02x", id2), start);
        }
        int method = nextByte();
        if (method != 8) {
            throw new GzipFormatException("unsupported gzip compression method " + method + " (only 8, deflate)",
                    start + 2);
        }
        int flags = nextByte();
        if ((flags & RESERVED_FLAGS) != 0) {
            throw new GzipFormatException(String.format("unsupported gzip header flags 0x%02x (reserved bits set)",
                    flags), start + 3);
        }
        for (int i = 0; i < 6; i++) {
            nextByte(); // MTIME, XFL, OS
        }
        if ((flags & FEXTRA) != 0) {
            int length = nextByte() | nextByte() << 8;
            for (int i = 0; i < length; i++) {
                nextByte();
            }
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            long crcOffset = in.byteOffset();
            int expected = (int) (headerCrc.getValue() & 0xFFFF);
            int stored = in.readLittleEndianShort();
            if (stored != expected) {
                throw new GzipFormatException(String.format("gzip header CRC16 mismatch (stored %04x, computed %04x)",
                        stored, expected), crcOffset);
            }
        }
    }

    private static GzipFormatException badMagic(boolean firstMember, String found, long offset) {
        return new GzipFormatException(firstMember
                ? "not gzip: bad magic bytes " + found + " (expected 1f 8b)"
                : "trailing garbage after the last gzip member: bytes " + found + " do not start a gzip header",
                offset);
    }

    private void skipZeroTerminated() throws IOException {
        while (nextByte() != 0) {
            // skip the name or comment
        }
    }

    private int nextByte() throws IOException {
        int b = in.readByte();
        headerCrc.update(b);
        return b;
    }
}
