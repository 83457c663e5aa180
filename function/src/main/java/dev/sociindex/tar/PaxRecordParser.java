package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the data of a PAX extended header ({@code x}) into records, mirroring Go's {@code parsePAX}:
 * records are {@code "%d key=value\n"} where the length counts the whole record; values are raw bytes and may
 * hold NUL (except for path, linkpath, uname and gname) or newlines.
 *
 * <p>Go stores the records in a map, so a key that appears twice keeps its last value. We keep one record per key
 * in the order keys first appeared, with the last value. Go also folds GNU sparse 0.0 {@code GNU.sparse.offset}/
 * {@code GNU.sparse.numbytes} pairs into one {@code GNU.sparse.map} record; so do we (sparse files are then
 * rejected as unsupported, but the malformed-pair checks are Go's).
 */
final class PaxRecordParser {
    static final String SPARSE_OFFSET = "GNU.sparse.offset";
    static final String SPARSE_NUMBYTES = "GNU.sparse.numbytes";
    static final String SPARSE_MAP = "GNU.sparse.map";

    private PaxRecordParser() {
    }

    /**
     * @param data         the header's data
     * @param headerOffset offset of the {@code x} header block, for error messages
     */
    static Map<RawBytes, RawBytes> parse(byte[] data, long headerOffset) throws TarFormatException {
        Map<RawBytes, RawBytes> records = new LinkedHashMap<>();
        ByteArrayOutputStream sparseMap = new ByteArrayOutputStream();
        int sparseValues = 0;
        int position = 0;
        while (position < data.length) {
            int space = indexOf(data, (byte) ' ', position, data.length);
            if (space < 0) {
                throw malformed("no space after the record length", position, headerOffset);
            }
            long length;
            try {
                length = GoNumbers.parseDecimal(data, position, space);
            } catch (NumberFormatException e) {
                throw malformed("invalid record length (" + e.getMessage() + ")", position, headerOffset);
            }
            if (length < 5 || length > data.length - position || position + length <= space + 1) {
                throw malformed("record length " + length + " does not fit the "
                        + (data.length - position) + " remaining bytes", position, headerOffset);
            }
            int end = position + (int) length;
            if (data[end - 1] != '\n') {
                throw malformed("record does not end with a newline", position, headerOffset);
            }
            int equals = indexOf(data, (byte) '=', space + 1, end - 1);
            if (equals < 0) {
                throw malformed("record has no '='", position, headerOffset);
            }
            RawBytes key = RawBytes.copyOf(data, space + 1, equals - space - 1);
            RawBytes value = RawBytes.copyOf(data, equals + 1, end - 1 - equals - 1);
            validate(key, value, position, headerOffset);

            String keyText = latin1(key);
            if (keyText.equals(SPARSE_OFFSET) || keyText.equals(SPARSE_NUMBYTES)) {
                String expected = sparseValues % 2 == 0 ? SPARSE_OFFSET : SPARSE_NUMBYTES;
                if (!keyText.equals(expected) || indexOf(value.toByteArray(), (byte) ',', 0, value.length()) >= 0) {
                    throw malformed("GNU sparse 0.0 records out of order or containing ','", position, headerOffset);
                }
                if (sparseValues > 0) {
                    sparseMap.write(',');
                }
                sparseMap.writeBytes(value.toByteArray());
                sparseValues++;
            } else {
                records.put(key, value);
            }
            position = end;
        }
        if (sparseValues > 0) {
            records.put(RawBytes.utf8(SPARSE_MAP), RawBytes.copyOf(sparseMap.toByteArray()));
        }
        return records;
    }

    /** Go's {@code validPAXRecord}. */
    private static void validate(RawBytes key, RawBytes value, int position, long headerOffset)
            throws TarFormatException {
        if (key.isEmpty()) {
            throw malformed("record has an empty key", position, headerOffset);
        }
        RawBytes mustNotHoldNul = switch (latin1(key)) {
            case "path", "linkpath", "uname", "gname" -> value;
            default -> key;
        };
        if (indexOf(mustNotHoldNul.toByteArray(), (byte) 0, 0, mustNotHoldNul.length()) >= 0) {
            throw malformed("record " + key + " contains a NUL byte", position, headerOffset);
        }
    }

    /** A lossless byte-to-char view, for comparing keys with ASCII constants. */
    static String latin1(RawBytes bytes) {
        return new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static TarFormatException malformed(String problem, int recordPosition, long headerOffset) {
        return new TarFormatException("malformed PAX record at byte " + recordPosition
                + " of the extended header data: " + problem, headerOffset);
    }
}
