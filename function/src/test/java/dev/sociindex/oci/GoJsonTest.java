package dev.sociindex.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoJsonTest {

    private static String quoted(String text) {
        return new String(GoJson.quote(text), StandardCharsets.UTF_8);
    }

    @Test
    void quotesAndBackslashGetABackslash() {
        assertEquals("\"a\\\"b\\\\c\"", quoted("a\"b\\c"));
    }

    @Test
    void shortEscapesForNewlineReturnTabBackspaceFormFeed() {
        // Go 1.22 and later write \b and \f short; soci-snapshotter v0.15 is built with a newer Go.
        assertEquals("\"\\n\\r\\t\\b\\f\"", quoted("\n\r\t\b\f"));
    }

    @ParameterizedTest
    @CsvSource({"0,\\u0000", "1,\\u0001", "11,\\u000b", "14,\\u000e", "27,\\u001b", "31,\\u001f"})
    void otherControlCharactersBecomeLowercaseUnicodeEscapes(int code, String expected) {
        assertEquals("\"" + expected + "\"", quoted(String.valueOf((char) code)));
    }

    @Test
    void htmlCharactersAreEscaped() {
        assertEquals("\"\\u003cb\\u003e \\u0026amp;\"", quoted("<b> &amp;"));
    }

    @Test
    void lineAndParagraphSeparatorsAreEscaped() {
        assertEquals("\"a\\u2028b\\u2029c\"", quoted("a\u2028b\u2029c"));
    }

    @Test
    void unpairedSurrogatesBecomeReplacementEscapes() {
        assertEquals("\"x\\ufffdy\\ufffd\"", quoted("x\uD800y\uDC00"));
        assertEquals("\"\\ufffd\\ufffd\"", quoted("\uDC00\uD800"));
    }

    @Test
    void everythingElseIsRawUtf8() {
        String text = "é€\uD83D\uDE00\uFFFD\u007f'/ ~";
        assertEquals("22" + "c3a9" + "e282ac" + "f09f9880" + "efbfbd" + "7f" + "272f207e" + "22",
                HexFormat.of().formatHex(GoJson.quote(text)));
    }

    @Test
    void mapKeysAreSortedByUtf8BytesNotUtf16() {
        Map<String, String> map = new HashMap<>();
        for (String key : List.of("\uD83D\uDE00", "é", "b", "aa", "a", "Z", "\uFFFD", "A")) {
            map.put(key, "");
        }
        String json = new String(new GoJson().value(map).toByteArray(), StandardCharsets.UTF_8);
        // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80) as bytes, after it as UTF-16 (FFFD > D83D).
        assertEquals("{\"A\":\"\",\"Z\":\"\",\"a\":\"\",\"aa\":\"\",\"b\":\"\",\"é\":\"\",\"\uFFFD\":\"\",\"\uD83D\uDE00\":\"\"}", json);
    }

    @Test
    void compactWithCommasOnlyBetweenMembersAndElements() {
        byte[] json = new GoJson().beginObject()
                .member("n", -12)
                .name("o").beginObject().endObject()
                .name("a").beginArray().value(Long.MAX_VALUE).value(Long.MIN_VALUE).nullValue().beginArray().endArray().endArray()
                .member("s", "x")
                .endObject().toByteArray();
        assertEquals("{\"n\":-12,\"o\":{},\"a\":[9223372036854775807,-9223372036854775808,null,[]],\"s\":\"x\"}",
                new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void omitEmptyHelpersWriteNothingForEmptyValues() {
        byte[] json = new GoJson().beginObject()
                .memberOmitEmpty("s", "")
                .memberOmitEmpty("m", Map.of())
                .memberOmitEmpty("l", List.of())
                .member("kept", "")
                .memberOmitEmpty("t", "v")
                .endObject().toByteArray();
        assertEquals("{\"kept\":\"\",\"t\":\"v\"}", new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void bytesAreStandardBase64WithPadding() {
        byte[] json = new GoJson().base64(new byte[] {(byte) 0xfb, (byte) 0xff, 0x01, 0x02}).toByteArray();
        assertEquals("\"+/8BAg==\"", new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void goUtf8ReplacesLoneSurrogatesWithReplacementCharacter() {
        assertArrayEquals(new byte[] {'a', (byte) 0xef, (byte) 0xbf, (byte) 0xbd}, GoJson.utf8("a\uD800"));
        assertArrayEquals(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, GoJson.utf8("\uD83D\uDE00"));
    }
}
