package dev.sociindex.ztoc;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Go's {@code time.Time.MarshalText} (RFC 3339 with nanoseconds, {@code 2006-01-02T15:04:05.999999999Z07:00}),
 * always in UTC: the fraction loses its trailing zeros and its dot when it is zero. Go refuses years outside
 * 0..9999 and the zTOC builder then stores the empty string, so that is what this returns for them.
 */
final class GoTimeText {
    private static final int MAX_YEAR = 9999;
    private static final int NANO_DIGITS = 9;

    private GoTimeText() {
    }

    /**
     * @param seconds seconds since the epoch, negative before 1970
     * @param nanos   nanoseconds added to {@code seconds} (normalised like {@code time.Unix}, so any int works)
     */
    static String marshalText(long seconds, int nanos) {
        LocalDateTime t;
        try {
            t = LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException e) {
            return ""; // beyond java.time's ±1e9 years, so far outside Go's 0..9999 too
        }
        if (t.getYear() < 0 || t.getYear() > MAX_YEAR) {
            return "";
        }
        StringBuilder out = new StringBuilder(30);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        int fraction = t.getNano();
        if (fraction != 0) {
            int digits = NANO_DIGITS;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            pad(out.append('.'), fraction, digits);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        out.repeat('0', width - digits.length());
        return out.append(digits);
    }
}
