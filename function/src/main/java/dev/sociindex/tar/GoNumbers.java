package dev.sociindex.tar;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing exactly as Go's {@code archive/tar} does it ({@code parseNumeric}, {@code parseOctal},
 * {@code strconv.ParseInt(s, 10, 64)}). The snapshotter re-parses headers with Go and compares, so anything
 * Go accepts must be accepted here with the same value, and anything Go rejects must be rejected.
 * Failures are {@link NumberFormatException}s; callers turn them into {@link TarFormatException}s with an offset.
 */
final class GoNumbers {
    private GoNumbers() {
    }

    /**
     * A numeric header field: base-256 (two's complement, big endian) when the first byte has its high bit set,
     * octal otherwise. Bit 0x40 of the first byte is the sign of a base-256 number.
     */
    static long parseNumeric(byte[] block, int from, int to) {
        if (to > from && (block[from] & 0x80) != 0) {
            int inversion = (block[from] & 0x40) != 0 ? 0xff : 0x00;
            long magnitude = 0;
            for (int i = from; i < to; i++) {
                int c = (block[i] & 0xff) ^ inversion;
                if (i == from) {
                    c &= 0x7f; // the marker bit is not part of the value
                }
                if ((magnitude >>> 56) != 0) {
                    throw new NumberFormatException("base-256 number overflows 64 bits");
                }
                magnitude = magnitude << 8 | c;
            }
            if (magnitude < 0) {
                throw new NumberFormatException("base-256 number overflows 63 bits");
            }
            // For negative numbers the bytes were inverted: -a-1 == ~a.
            return inversion == 0xff ? ~magnitude : magnitude;
        }
        return parseOctal(block, from, to);
    }

    /**
     * Octal as Go reads it: leading and trailing spaces and NULs are trimmed, the rest is cut at its first NUL,
     * and what remains must be only octal digits (an all-padding field is 0).
     */
    static long parseOctal(byte[] block, int from, int to) {
        int start = from;
        int end = to;
        while (start < end && isPadding(block[start])) {
            start++;
        }
        while (end > start && isPadding(block[end - 1])) {
            end--;
        }
        if (start == end) {
            return 0;
        }
        int digitsEnd = start;
        while (digitsEnd < end && block[digitsEnd] != 0) {
            digitsEnd++;
        }
        for (int i = start; i < digitsEnd; i++) {
            if (block[i] < '0' || block[i] > '7') {
                throw new NumberFormatException("not an octal number: " + quoted(block, from, to));
            }
        }
        // Go parses as uint64 and converts to int64, which wraps; fields are at most 12 digits anyway.
        return Long.parseUnsignedLong(new String(block, start, digitsEnd - start, StandardCharsets.US_ASCII), 8);
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign, then one or more ASCII digits, no spaces. */
    static long parseDecimal(byte[] bytes, int from, int to) {
        int digits = from;
        if (digits < to && (bytes[digits] == '+' || bytes[digits] == '-')) {
            digits++;
        }
        if (digits == to) {
            throw new NumberFormatException("not a decimal number: " + quoted(bytes, from, to));
        }
        for (int i = digits; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                throw new NumberFormatException("not a decimal number: " + quoted(bytes, from, to));
            }
        }
        // Only ASCII digits remain, so Java's parser (which would also take other Unicode digits) agrees with Go,
        // including the out-of-range check.
        try {
            return Long.parseLong(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new NumberFormatException("decimal number out of 64-bit range: " + quoted(bytes, from, to));
        }
    }

    static long parseDecimal(byte[] bytes) {
        return parseDecimal(bytes, 0, bytes.length);
    }

    private static boolean isPadding(byte b) {
        return b == ' ' || b == 0;
    }

    static String quoted(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        }
        return out.append('"').toString();
    }
}
