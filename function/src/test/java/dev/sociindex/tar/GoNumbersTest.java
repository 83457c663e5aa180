package dev.sociindex.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoNumbersTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "0000644\u0000|420",
        "   644 |420",
        "644\u0000 \u0000|420",
        "\u0000\u0000\u0000|0",
        "        |0",
        "17777777777\u0000|2147483647",
        "7\u00001|7", // Go cuts at the first NUL after trimming
    })
    void octal(String field, long expected) {
        byte[] bytes = field.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(expected, GoNumbers.parseNumeric(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12 34", "0008", "-1", "+1", "0x10", "abc"})
    void invalidOctal(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(NumberFormatException.class, () -> GoNumbers.parseNumeric(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @CsvSource({
        "800000000000000000000001, 1",
        "80000000002dc6c0, 3000000",
        "ffffffffffffffffffffffff, -1",
        "fffffffffffffffffffe7960, -100000",
        "bf, 63",                          // 0x80 marker with bit 0x40 clear: positive
        "c0, -64",                         // bit 0x40 set: negative
        "807fffffffffffffff, 9223372036854775807",
    })
    void base256(String hex, long expected) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertEquals(expected, GoNumbers.parseNumeric(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"808000000000000000", "800100000000000000ff"})
    void base256Overflow(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThrows(NumberFormatException.class, () -> GoNumbers.parseNumeric(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "+12, 12", "-12, -12", "007, 7", "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808"})
    void decimal(String text, long expected) {
        assertEquals(expected, GoNumbers.parseDecimal(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", " 1", "1 ", "1_000", "9223372036854775808", "\u0661", "0x1"})
    void invalidDecimal(String text) {
        assertThrows(NumberFormatException.class, () -> GoNumbers.parseDecimal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
