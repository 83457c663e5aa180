package dev.sociindex.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;

/**
 * Hand-crafts tar header blocks for inputs no real tool writes (bad checksums, STAR prefixes, base-256 negatives,
 * odd PAX records). Field offsets are the POSIX ustar layout; the checksum is computed on {@link #build()}.
 */
public final class TarHeaderBuilder {
    public static final int BLOCK = 512;

    private final byte[] block = new byte[BLOCK];
    private Long checksumOverride;

    private TarHeaderBuilder(String name, char typeflag) {
        text(0, 100, name);
        octal(100, 8, 0644);
        octal(108, 8, 1000);
        octal(116, 8, 1000);
        octal(124, 12, 0);
        octal(136, 12, 1_600_000_000L);
        block[156] = (byte) typeflag;
    }

    /** POSIX ustar magic {@code "ustar\0" "00"}, user and group names set. */
    public static TarHeaderBuilder ustar(String name, char typeflag) {
        return new TarHeaderBuilder(name, typeflag).text(257, 6, "ustar\0").text(263, 2, "00")
                .text(265, 32, "user").text(297, 32, "group");
    }

    /** GNU magic {@code "ustar " " \0"}. */
    public static TarHeaderBuilder gnu(String name, char typeflag) {
        return new TarHeaderBuilder(name, typeflag).text(257, 6, "ustar ").text(263, 2, " \0")
                .text(265, 32, "user").text(297, 32, "group");
    }

    /** No magic: a V7 header. */
    public static TarHeaderBuilder v7(String name, char typeflag) {
        return new TarHeaderBuilder(name, typeflag);
    }

    public TarHeaderBuilder size(long size) {
        return octal(124, 12, size);
    }

    public TarHeaderBuilder linkName(String linkName) {
        return text(157, 100, linkName);
    }

    public TarHeaderBuilder prefix(String prefix) {
        return text(345, 155, prefix);
    }

    /** Octal digits, zero-padded, NUL-terminated, filling the field. */
    public TarHeaderBuilder octal(int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        return text(offset, length, "0".repeat(length - 1 - digits.length()) + digits + "\0");
    }

    /** Raw bytes at an offset (the field must be cleared by the caller if it was set before). */
    public TarHeaderBuilder bytes(int offset, byte... bytes) {
        System.arraycopy(bytes, 0, block, offset, bytes.length);
        return this;
    }

    /** A text field, NUL-padded to its length (ISO-8859-1, so "\u00ff" is the byte 0xff). */
    public TarHeaderBuilder text(int offset, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length > length) {
            throw new IllegalArgumentException("field too long: " + text);
        }
        Arrays.fill(block, offset, offset + length, (byte) 0);
        return bytes(offset, bytes);
    }

    /** Stores this value instead of the correct checksum. */
    public TarHeaderBuilder checksum(long value) {
        checksumOverride = value;
        return this;
    }

    public byte[] build() {
        byte[] result = block.clone();
        Arrays.fill(result, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : result) {
            sum += b & 0xff;
        }
        long stored = checksumOverride != null ? checksumOverride : sum;
        byte[] field = String.format("%06o\0 ", stored).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, result, 148, 8);
        return result;
    }

    /** The block with its checksum computed as the signed byte sum, which Go also accepts. */
    public byte[] buildWithSignedChecksum() {
        byte[] result = block.clone();
        Arrays.fill(result, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : result) {
            sum += b;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, result, 148, 8);
        return result;
    }

    /** Data padded with zeros to a whole number of blocks. */
    public static byte[] data(byte[] content) {
        byte[] padded = new byte[(content.length + BLOCK - 1) / BLOCK * BLOCK];
        System.arraycopy(content, 0, padded, 0, content.length);
        return padded;
    }

    /** A PAX {@code x} header with the given record bytes as data (padded). */
    public static byte[] paxHeader(byte[] records) {
        return concat(ustar("PaxHeaders/file", 'x').size(records.length).build(), data(records));
    }

    /** One correctly framed PAX record {@code "%d key=value\n"} for an ASCII key and a raw value. */
    public static byte[] paxRecord(String key, byte[] value) {
        int body = 1 + key.length() + 1 + value.length + 1; // ' ' key '=' value '\n'
        int length = body + 1;
        while (Integer.toString(length).length() + body != length) {
            length++;
        }
        return concat((length + " " + key + "=").getBytes(StandardCharsets.US_ASCII), value, new byte[] {'\n'});
    }

    /** The two zero blocks that end an archive. */
    public static byte[] endOfArchive() {
        return new byte[2 * BLOCK];
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
