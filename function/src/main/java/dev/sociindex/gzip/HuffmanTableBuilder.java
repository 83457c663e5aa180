package dev.sociindex.gzip;

import java.util.Arrays;

/**
 * Builds two-level lookup tables for canonical Huffman codes (RFC 1951 3.2.2). A table is indexed by the next
 * {@code primaryBits} input bits (LSB-first, so codes are stored bit-reversed); codes longer than that go through a
 * sub-table pointer entry. Each entry is an int:
 * <pre>
 *   bits 0-7    bits to consume at this level: the code's length there plus the extra bits that follow it
 *               (length/distance), or primaryBits for a sub-table pointer
 *   bits 8-11   the code's length at this level (where its extra bits start), or the sub-table's index bits
 *   bit  12     INVALID: no code maps here
 *   bit  13     END_OF_BLOCK
 *   bit  14     SUBTABLE: bits 16-30 hold the sub-table's offset
 *   bits 16-30  value: literal byte, length base, distance base, code-length symbol, or sub-table offset
 *   bit  31     LITERAL (so literal entries are negative and tested with one compare)
 * </pre>
 * Consuming a length or distance and its extra bits is thus one shift: the decoder takes the value as {@code base +
 * (low (bits 0-7) bits >>> (bits 8-11))}. Payloads passed in carry the extra-bit count in bits 8-11.
 * One instance holds scratch arrays reused across builds; it is not thread-safe.
 */
final class HuffmanTableBuilder {
    static final int LITERAL = 1 << 31;
    static final int SUBTABLE = 1 << 14;
    static final int END_OF_BLOCK = 1 << 13;
    static final int INVALID = 1 << 12;

    static final int MAX_CODE_LENGTH = 15;

    private final int[] countPerLength = new int[MAX_CODE_LENGTH + 1];
    private final int[] nextCode = new int[MAX_CODE_LENGTH + 1];
    private final int[] reversedCodes = new int[320];
    private final int[] subtableBits = new int[1 << 10];

    /** Why a set of code lengths cannot form a decodable code. */
    enum Problem { OVER_SUBSCRIBED, INCOMPLETE }

    /**
     * Fills {@code table} for symbols {@code 0..count-1} with code lengths {@code lengths[offset + symbol]} and
     * entry payloads {@code payloads[symbol]} (everything but the consumed-bits field).
     *
     * @param allowSingleCode accept an incomplete code that is a single 1-bit code, as zlib does for
     *                        literal/length and distance codes (never for the code-length code)
     * @return null when the table was built, else the problem
     */
    Problem build(int[] table, int primaryBits, int[] lengths, int offset, int count, int[] payloads,
                  boolean allowSingleCode) {
        Arrays.fill(countPerLength, 0);
        for (int symbol = 0; symbol < count; symbol++) {
            countPerLength[lengths[offset + symbol]]++;
        }
        countPerLength[0] = 0;
        int maxLength = 0;
        int left = 1;
        for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
            left = (left << 1) - countPerLength[length];
            if (left < 0) {
                return Problem.OVER_SUBSCRIBED;
            }
            if (countPerLength[length] != 0) {
                maxLength = length;
            }
        }
        int primarySize = 1 << primaryBits;
        // Checked before the table is touched: the parallel decoder's block search builds many doomed tables.
        if (maxLength != 0 && left > 0 && !(allowSingleCode && maxLength == 1)) {
            return Problem.INCOMPLETE;
        }
        // A complete code covers every table slot, so only an empty or a single-code one leaves slots to mark
        boolean complete = left == 0;
        if (!complete) {
            Arrays.fill(table, 0, primarySize, INVALID);
        }
        if (maxLength == 0) {
            // No codes at all: legal (e.g. a distance code in a literal-only block); any lookup is invalid.
            return null;
        }

        int code = 0;
        for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
            code = (code + countPerLength[length - 1]) << 1;
            nextCode[length] = code;
        }
        int primaryMask = primarySize - 1;
        for (int symbol = 0; symbol < count; symbol++) {
            int length = lengths[offset + symbol];
            if (length != 0) {
                int reversed = Integer.reverse(nextCode[length]++) >>> (32 - length);
                reversedCodes[symbol] = reversed;
                if (length > primaryBits) {
                    int prefix = reversed & primaryMask;
                    subtableBits[prefix] = Math.max(subtableBits[prefix], length - primaryBits);
                }
            }
        }

        // Lay out one sub-table per primary prefix that has long codes, sized for its longest code.
        int next = primarySize;
        if (maxLength > primaryBits) {
            for (int prefix = 0; prefix < primarySize; prefix++) {
                int bits = subtableBits[prefix];
                if (bits != 0) {
                    subtableBits[prefix] = 0;
                    table[prefix] = SUBTABLE | next << 16 | bits << 8 | primaryBits;
                    if (!complete) {
                        Arrays.fill(table, next, next + (1 << bits), INVALID);
                    }
                    next += 1 << bits;
                }
            }
        }

        for (int symbol = 0; symbol < count; symbol++) {
            int length = lengths[offset + symbol];
            if (length == 0) {
                continue;
            }
            int reversed = reversedCodes[symbol];
            if (length <= primaryBits) {
                int entry = entry(payloads[symbol], length);
                for (int i = reversed; i < primarySize; i += 1 << length) {
                    table[i] = entry;
                }
            } else {
                int pointer = table[reversed & primaryMask];
                int start = pointer >>> 16;
                int size = 1 << ((pointer >>> 8) & 0xF);
                int subLength = length - primaryBits;
                int entry = entry(payloads[symbol], subLength);
                for (int i = reversed >>> primaryBits; i < size; i += 1 << subLength) {
                    table[start + i] = entry;
                }
            }
        }
        return null;
    }

    /**
     * A length's or distance's value from its entry and the input bits that start with its code: the base plus the
     * extra bits after the code. The decoder then consumes {@code entry & 0xFF} bits, code and extra bits at once.
     */
    static int value(int entry, long bits) {
        return (entry >>> 16) + (((int) bits & ((1 << (entry & 0xFF)) - 1)) >>> ((entry >>> 8) & 0xF));
    }

    /** A symbol's entry for a code of {@code length} bits at its level: see the class comment. */
    private static int entry(int payload, int length) {
        int extra = (payload >>> 8) & 0xF;
        return (payload & ~0xF00) | length << 8 | (length + extra);
    }
}
