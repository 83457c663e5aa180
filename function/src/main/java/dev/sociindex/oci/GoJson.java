package dev.sociindex.oci;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON exactly as Go's {@code encoding/json} {@code Marshal} does: compact, members in the order the
 * caller writes them (the Go struct order), map keys sorted by their UTF-8 bytes, and Go's string escaping with
 * HTML escaping on. The SOCI snapshotter re-marshals the index manifest with Go and compares digests, so any
 * byte of difference silently disables lazy loading (spec 3.3).
 *
 * <p>Omitempty is the caller's decision: the {@code ...OmitEmpty} helpers write nothing for empty values.
 * One instance writes one document.
 */
public final class GoJson {
    /** Go sorts map keys as strings, which are byte strings: bytewise over UTF-8, not UTF-16 order. */
    public static final Comparator<String> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b));

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    /** True right after a complete value: the next member or element needs a comma first. */
    private boolean afterValue;

    public GoJson beginObject() {
        separate();
        out.write('{');
        afterValue = false;
        return this;
    }

    public GoJson endObject() {
        out.write('}');
        afterValue = true;
        return this;
    }

    public GoJson beginArray() {
        separate();
        out.write('[');
        afterValue = false;
        return this;
    }

    public GoJson endArray() {
        out.write(']');
        afterValue = true;
        return this;
    }

    /** Starts an object member; the value written next belongs to it. */
    public GoJson name(String name) {
        separate();
        appendQuoted(out, name);
        out.write(':');
        afterValue = false;
        return this;
    }

    public GoJson value(String value) {
        separate();
        appendQuoted(out, value);
        afterValue = true;
        return this;
    }

    public GoJson value(long value) {
        separate();
        out.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        afterValue = true;
        return this;
    }

    public GoJson nullValue() {
        separate();
        out.writeBytes(new byte[] {'n', 'u', 'l', 'l'});
        afterValue = true;
        return this;
    }

    /** A Go {@code []byte}: standard base64 with padding, as a string. */
    public GoJson base64(byte[] value) {
        return value(Base64.getEncoder().encodeToString(value));
    }

    /** A Go {@code map[string]string}, keys in Go order. */
    public GoJson value(Map<String, String> map) {
        List<String> keys = new ArrayList<>(map.keySet());
        keys.sort(KEY_ORDER);
        beginObject();
        for (String key : keys) {
            name(key).value(map.get(key));
        }
        return endObject();
    }

    /** A Go {@code []string}. */
    public GoJson value(List<String> list) {
        beginArray();
        for (String item : list) {
            value(item);
        }
        return endArray();
    }

    public GoJson member(String name, String value) {
        return name(name).value(value);
    }

    public GoJson member(String name, long value) {
        return name(name).value(value);
    }

    public GoJson memberOmitEmpty(String name, String value) {
        return value.isEmpty() ? this : member(name, value);
    }

    public GoJson memberOmitEmpty(String name, Map<String, String> map) {
        return map.isEmpty() ? this : name(name).value(map);
    }

    public GoJson memberOmitEmpty(String name, List<String> list) {
        return list.isEmpty() ? this : name(name).value(list);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void separate() {
        if (afterValue) {
            out.write(',');
        }
    }

    /** The JSON string literal Go writes for {@code text}, quotes included. */
    public static byte[] quote(String text) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(text.length() + 2);
        appendQuoted(buffer, text);
        return buffer.toByteArray();
    }

    /**
     * Go's {@code appendString} with {@code escapeHTML}: {@code " \} get a backslash; {@code \b \f \n \r \t}
     * their short escapes (Go 1.22 and later); other bytes below 0x20 and {@code < > &} become &#92;u00XX
     * with lowercase hex; U+2028/U+2029 become &#92;u2028 and &#92;u2029 (JSONP safety); text that is not
     * valid UTF-8 (in Java: an unpaired surrogate) becomes &#92;ufffd; everything else is raw UTF-8.
     */
    private static void appendQuoted(ByteArrayOutputStream out, String text) {
        out.write('"');
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c < 0x80) {
                appendAscii(out, c);
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (isLoneSurrogate(codePoint)) {
                out.writeBytes(escape("ufffd"));
            } else if (codePoint == 0x2028 || codePoint == 0x2029) {
                out.writeBytes(escape("u" + Integer.toHexString(codePoint)));
            } else {
                appendUtf8(out, codePoint);
            }
            i += width;
        }
        out.write('"');
    }

    private static void appendAscii(ByteArrayOutputStream out, char c) {
        switch (c) {
            case '"', '\\' -> {
                out.write('\\');
                out.write(c);
            }
            case '\b' -> out.writeBytes(escape("b"));
            case '\f' -> out.writeBytes(escape("f"));
            case '\n' -> out.writeBytes(escape("n"));
            case '\r' -> out.writeBytes(escape("r"));
            case '\t' -> out.writeBytes(escape("t"));
            case '<', '>', '&' -> appendUnicodeEscape(out, c);
            default -> {
                if (c < 0x20) {
                    appendUnicodeEscape(out, c);
                } else {
                    out.write(c);
                }
            }
        }
    }

    private static void appendUnicodeEscape(ByteArrayOutputStream out, char c) {
        out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xf]});
    }

    private static byte[] escape(String suffix) {
        return ("\\" + suffix).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * UTF-8 the way Go sees a Java string: unpaired surrogates become U+FFFD (Java's own encoder would write
     * {@code ?}). Used for key ordering, where the bytes Go compares are the ones it would have decoded.
     */
    public static byte[] utf8(String text) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            appendUtf8(buffer, isLoneSurrogate(codePoint) ? 0xfffd : codePoint);
        }
        return buffer.toByteArray();
    }

    /** {@code codePointAt} returns a surrogate only when it is not part of a valid pair. */
    private static boolean isLoneSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    private static void appendUtf8(ByteArrayOutputStream out, int codePoint) {
        if (codePoint < 0x80) {
            out.write(codePoint);
        } else if (codePoint < 0x800) {
            out.write(0xc0 | codePoint >> 6);
            out.write(0x80 | codePoint & 0x3f);
        } else if (codePoint < 0x10000) {
            out.write(0xe0 | codePoint >> 12);
            out.write(0x80 | codePoint >> 6 & 0x3f);
            out.write(0x80 | codePoint & 0x3f);
        } else {
            out.write(0xf0 | codePoint >> 18);
            out.write(0x80 | codePoint >> 12 & 0x3f);
            out.write(0x80 | codePoint >> 6 & 0x3f);
            out.write(0x80 | codePoint & 0x3f);
        }
    }
}
