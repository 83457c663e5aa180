package dev.sociindex.tar;

/**
 * A PAX time value ({@code mtime}, {@code atime}, {@code ctime}) as Go's {@code parsePAXTime} reads it:
 * decimal seconds with an optional fraction, truncated (not rounded) to nanoseconds. A negative value subtracts
 * the fraction ("-1.5" is 1.5 s before the epoch), and the result is normalised like Go's {@code time.Unix}
 * so that {@code nanos} is always in 0..999999999.
 */
record PaxTime(long seconds, int nanos) {
    private static final int NANO_DIGITS = 9;

    static PaxTime parse(byte[] value) {
        int dot = indexOf(value, (byte) '.');
        int secondsEnd = dot < 0 ? value.length : dot;
        long seconds = GoNumbers.parseDecimal(value, 0, secondsEnd);
        if (dot < 0 || dot == value.length - 1) {
            return new PaxTime(seconds, 0);
        }
        long nanos = 0;
        for (int i = 0; i < NANO_DIGITS; i++) {
            int index = dot + 1 + i;
            nanos *= 10;
            if (index < value.length) {
                nanos += digit(value, index);
            }
        }
        for (int i = dot + 1 + NANO_DIGITS; i < value.length; i++) {
            digit(value, i); // Go validates the truncated digits too
        }
        boolean negative = value.length > 0 && value[0] == '-';
        if (negative && nanos != 0) {
            // time.Unix(secs, -nanos) normalised; Go's int64 arithmetic wraps, and so does Java's.
            return new PaxTime(seconds - 1, (int) (1_000_000_000L - nanos));
        }
        return new PaxTime(seconds, (int) nanos);
    }

    private static int digit(byte[] value, int index) {
        byte b = value[index];
        if (b < '0' || b > '9') {
            throw new NumberFormatException("invalid fraction in PAX time " + GoNumbers.quoted(value, 0, value.length));
        }
        return b - '0';
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
