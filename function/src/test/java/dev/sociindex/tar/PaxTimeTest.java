package dev.sociindex.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaxTimeTest {
    @ParameterizedTest
    @CsvSource({
        "1700000000, 1700000000, 0",
        "1700000000.5, 1700000000, 500000000",
        "1.123456789, 1, 123456789",
        "1.1234567899, 1, 123456789",   // truncated to nanoseconds, not rounded
        "1., 1, 0",
        "-1.5, -2, 500000000",          // Go subtracts the fraction for negative times
        "-0.25, -1, 750000000",
        "-3, -3, 0",
        "+2.5, 2, 500000000",
        "-1.0000000001, -1, 0",
    })
    void parsesLikeGo(String text, long seconds, int nanos) {
        assertEquals(new PaxTime(seconds, nanos), PaxTime.parse(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".5", "1.5x", "1.-5", "1.1234567890x", "1e5", " 1", "1.5.5"})
    void rejectsWhatGoRejects(String text) {
        assertThrows(NumberFormatException.class, () -> PaxTime.parse(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
