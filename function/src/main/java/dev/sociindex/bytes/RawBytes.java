package dev.sociindex.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string. Tar names, link names, user names and PAX values are bytes, not text (a binary
 * {@code security.capability} xattr is not valid UTF-8), and the zTOC must carry them byte for byte. Ordering
 * is unsigned bytewise, as Go's {@code sort.Strings}.
 */
public final class RawBytes implements Comparable<RawBytes> {
    public static final RawBytes EMPTY = new RawBytes(new byte[0]);

    private final byte[] bytes;

    private RawBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code length} bytes from {@code source} starting at {@code offset}. */
    public static RawBytes copyOf(byte[] source, int offset, int length) {
        return length == 0 ? EMPTY : new RawBytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    public static RawBytes copyOf(byte[] source) {
        return copyOf(source, 0, source.length);
    }

    public static RawBytes utf8(String text) {
        return text.isEmpty() ? EMPTY : new RawBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Copies the bytes into {@code target} at {@code offset}, without an intermediate array. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Decodes as UTF-8 for display and for keys known to be ASCII; invalid sequences become U+FFFD. */
    public String utf8String() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public boolean endsWith(RawBytes suffix) {
        int start = bytes.length - suffix.bytes.length;
        return start >= 0 && Arrays.equals(bytes, start, bytes.length, suffix.bytes, 0, suffix.bytes.length);
    }

    public boolean startsWith(RawBytes prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(RawBytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Printable ASCII as is, everything else as {@code \xNN}: safe for logs and error messages. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }
}
