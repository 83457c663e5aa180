package dev.sociindex.ztoc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoTimeTextTest {
    private static final long YEAR_9999_LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final long YEAR_0_FIRST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z (year 0 is leap)

    @Test
    void wholeSecondsHaveNoFraction() {
        assertEquals("2023-11-14T22:13:20Z", GoTimeText.marshalText(1_700_000_000L, 0));
    }

    @Test
    void epochZero() {
        assertEquals("1970-01-01T00:00:00Z", GoTimeText.marshalText(0, 0));
    }

    @Test
    void fractionLosesTrailingZeros() {
        assertEquals("1970-01-01T00:00:01.5Z", GoTimeText.marshalText(1, 500_000_000));
        assertEquals("1970-01-01T00:00:01.123456789Z", GoTimeText.marshalText(1, 123_456_789));
        assertEquals("1970-01-01T00:00:01.0000001Z", GoTimeText.marshalText(1, 100));
        assertEquals("1970-01-01T00:00:01.00000001Z", GoTimeText.marshalText(1, 10));
    }

    @Test
    void timesBefore1970() {
        assertEquals("1969-12-31T23:59:59Z", GoTimeText.marshalText(-1, 0));
        assertEquals("1969-12-31T23:59:59.5Z", GoTimeText.marshalText(-1, 500_000_000));
        assertEquals("1900-01-18T00:00:00Z", GoTimeText.marshalText(-86_400L * 365 * 70, 0));
    }

    @Test
    void yearsZeroToNineNineNineNineAreWrittenWithFourDigits() {
        assertEquals("0000-01-01T00:00:00Z", GoTimeText.marshalText(YEAR_0_FIRST_SECOND, 0));
        assertEquals("9999-12-31T23:59:59.999999999Z", GoTimeText.marshalText(YEAR_9999_LAST_SECOND, 999_999_999));
    }

    @Test
    void yearsOutsideGoRangeBecomeEmpty() {
        assertEquals("", GoTimeText.marshalText(YEAR_9999_LAST_SECOND + 1, 0));
        assertEquals("", GoTimeText.marshalText(YEAR_0_FIRST_SECOND - 1, 0));
        assertEquals("", GoTimeText.marshalText(Long.MAX_VALUE, 0));
        assertEquals("", GoTimeText.marshalText(Long.MIN_VALUE, 0));
    }
}
