package dev.sociindex.gzip;

import static dev.sociindex.gzip.HuffmanTableBuilder.END_OF_BLOCK;
import static dev.sociindex.gzip.HuffmanTableBuilder.INVALID;
import static dev.sociindex.gzip.HuffmanTableBuilder.LITERAL;
import static dev.sociindex.gzip.HuffmanTableBuilder.SUBTABLE;
import static dev.sociindex.gzip.HuffmanTableBuilder.value;

import java.io.IOException;
import java.util.Arrays;

/**
 * Raw deflate (RFC 1951) block decoding into a sliding output buffer. The caller drives it block by block, so it
 * sees every block boundary; within a block, decoding pauses whenever the output buffer is full.
 *
 * <p>The output buffer always keeps at least the last 32 KiB before the write position (zeros before any output),
 * which serves both as the match history and as a checkpoint's window.
 */
final class DeflateDecoder {
    static final int WINDOW = 32768;
    private static final int CHUNK = 1 << 20;
    static final int MAX_MATCH = 258;

    static final int LITLEN_PRIMARY_BITS = 10;
    static final int DIST_PRIMARY_BITS = 8;
    static final int CODE_LENGTH_BITS = 7;
    static final int[] CODE_LENGTH_ORDER =
            {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    static final int[] LITLEN_PAYLOADS = litLenPayloads();
    static final int[] DIST_PAYLOADS = distancePayloads();
    static final int[] CODE_LENGTH_PAYLOADS = codeLengthPayloads();

    private final BitInput in;
    private final HuffmanTableBuilder builder = new HuffmanTableBuilder();
    private final int[] fixedLitLen = new int[(1 << LITLEN_PRIMARY_BITS) + 288 * 32];
    private final int[] fixedDist = new int[(1 << DIST_PRIMARY_BITS) + 32 * 128];
    private final int[] dynamicLitLen = new int[fixedLitLen.length];
    private final int[] dynamicDist = new int[fixedDist.length];
    private final int[] codeLengthTable = new int[1 << CODE_LENGTH_BITS];
    private final int[] lengths = new int[320];

    /** Bytes after the last possible match end: a short match is copied as two 8-byte words, up to 13 past its end. */
    private static final int WORD_SLACK = 16;
    private final byte[] out = new byte[WINDOW + CHUNK + MAX_MATCH + 1 + WORD_SLACK];
    /** Output may fill the buffer up to here; the rest is slack for word copies. */
    private final int capacity = out.length - WORD_SLACK;
    /** Decoding pauses once the write position passes this, so one more symbol always fits. */
    private final int outLimit = capacity - MAX_MATCH - 1;
    private int outPos = WINDOW;
    /** Total output at buffer index 0 (negative at first: the leading zero window is not output). */
    private long outBase = -WINDOW;
    /** Total output when the current gzip member began; matches may not reach before it. */
    private long memberStart;

    private boolean stored;
    private int storedRemaining;
    private int[] litLen;
    private int[] dist;

    DeflateDecoder(BitInput in) {
        this.in = in;
        int[] fixedLengths = new int[288 + 32];
        Arrays.fill(fixedLengths, 0, 144, 8);
        Arrays.fill(fixedLengths, 144, 256, 9);
        Arrays.fill(fixedLengths, 256, 280, 7);
        Arrays.fill(fixedLengths, 280, 288, 8);
        Arrays.fill(fixedLengths, 288, 320, 5);
        builder.build(fixedLitLen, LITLEN_PRIMARY_BITS, fixedLengths, 0, 288, LITLEN_PAYLOADS, false);
        builder.build(fixedDist, DIST_PRIMARY_BITS, fixedLengths, 288, 32, DIST_PAYLOADS, false);
    }

    byte[] buffer() {
        return out;
    }

    int position() {
        return outPos;
    }

    long totalOut() {
        return outBase + outPos;
    }

    boolean hasRoom() {
        return outPos <= outLimit;
    }

    void startMember() {
        memberStart = totalOut();
    }

    /** The 32 KiB of output before the current position, zero-padded at the front. */
    byte[] window() {
        return Arrays.copyOfRange(out, outPos - WINDOW, outPos);
    }

    /**
     * Continues at a block boundary decoded elsewhere: {@code window} is the output before it, {@code totalOut}
     * bytes were output, in the blob's first member.
     */
    void resume(byte[] window, long totalOut) {
        System.arraycopy(window, 0, out, 0, WINDOW);
        outPos = WINDOW;
        outBase = totalOut - WINDOW;
        memberStart = 0;
    }

    /**
     * Moves the last 32 KiB of output to the front of the buffer to make room; the caller must be done with
     * everything before that.
     */
    void slide() {
        int shift = outPos - WINDOW;
        System.arraycopy(out, shift, out, 0, WINDOW);
        outPos = WINDOW;
        outBase += shift;
    }

    /** Reads a block header (and dynamic code tables); returns whether this is the member's final block. */
    boolean startBlock() throws IOException {
        long blockOffset = in.byteOffset();
        boolean last = in.bits(1) == 1;
        int type = in.bits(2);
        switch (type) {
            case 0 -> startStoredBlock();
            case 1 -> {
                stored = false;
                litLen = fixedLitLen;
                dist = fixedDist;
            }
            case 2 -> readDynamicTables();
            default -> throw new GzipFormatException("invalid deflate block type 3", blockOffset);
        }
        return last;
    }

    /** Decodes the current block until it ends (true) or the output buffer is full (false). */
    boolean continueBlock() throws IOException {
        return stored ? copyStored() : decodeHuffman();
    }

    private void startStoredBlock() throws IOException {
        in.alignToByte();
        long offset = in.byteOffset();
        int length = in.readLittleEndianShort();
        int complement = in.readLittleEndianShort();
        if ((length ^ 0xFFFF) != complement) {
            throw new GzipFormatException("invalid stored block lengths (LEN " + length + ", NLEN " + complement
                    + ")", offset);
        }
        stored = true;
        storedRemaining = length;
    }

    private boolean copyStored() throws IOException {
        int n = Math.min(storedRemaining, capacity - outPos);
        in.copyBytes(out, outPos, n);
        outPos += n;
        storedRemaining -= n;
        return storedRemaining == 0;
    }

    private void readDynamicTables() throws IOException {
        long offset = in.byteOffset();
        int literalCount = in.bits(5) + 257;
        int distanceCount = in.bits(5) + 1;
        int codeLengthCount = in.bits(4) + 4;
        if (literalCount > 286 || distanceCount > 30) {
            throw new GzipFormatException("too many length or distance symbols (" + literalCount + ", "
                    + distanceCount + ")", offset);
        }
        Arrays.fill(lengths, 0, 19, 0);
        for (int i = 0; i < codeLengthCount; i++) {
            lengths[CODE_LENGTH_ORDER[i]] = in.bits(3);
        }
        if (builder.build(codeLengthTable, CODE_LENGTH_BITS, lengths, 0, 19, CODE_LENGTH_PAYLOADS, false) != null) {
            throw new GzipFormatException("invalid code lengths set", offset);
        }

        int total = literalCount + distanceCount;
        int i = 0;
        while (i < total) {
            int entry = codeLengthTable[in.peek(CODE_LENGTH_BITS)];
            if ((entry & INVALID) != 0) {
                throw new GzipFormatException("invalid code length code", in.byteOffset());
            }
            in.consume(entry & 0xFF);
            int symbol = entry >>> 16;
            if (symbol < 16) {
                lengths[i++] = symbol;
                continue;
            }
            int value;
            int repeat;
            if (symbol == 16) {
                if (i == 0) {
                    throw new GzipFormatException("invalid bit length repeat (nothing to repeat)", in.byteOffset());
                }
                value = lengths[i - 1];
                repeat = 3 + in.bits(2);
            } else {
                value = 0;
                repeat = symbol == 17 ? 3 + in.bits(3) : 11 + in.bits(7);
            }
            if (i + repeat > total) {
                throw new GzipFormatException("invalid bit length repeat (past the last code)", in.byteOffset());
            }
            Arrays.fill(lengths, i, i + repeat, value);
            i += repeat;
        }
        if (lengths[256] == 0) {
            throw new GzipFormatException("invalid code: missing end-of-block", offset);
        }
        if (builder.build(dynamicLitLen, LITLEN_PRIMARY_BITS, lengths, 0, literalCount, LITLEN_PAYLOADS, true)
                != null) {
            throw new GzipFormatException("invalid literal/lengths set", offset);
        }
        if (builder.build(dynamicDist, DIST_PRIMARY_BITS, lengths, literalCount, distanceCount, DIST_PAYLOADS, true)
                != null) {
            throw new GzipFormatException("invalid distances set", offset);
        }
        stored = false;
        litLen = dynamicLitLen;
        dist = dynamicDist;
    }

    /**
     * The hot loop. Bit buffer, input and output positions live in locals and are written back before anything
     * that may look at them. Each iteration refills to at least 56 bits, enough for the longest
     * length + distance pair (15 + 5 + 15 + 13 bits).
     */
    private boolean decodeHuffman() throws IOException {
        final byte[] ib = in.buf;
        final byte[] ob = out;
        final int[] lt = litLen;
        final int[] dt = dist;
        final int opLimit = outLimit;
        // Matches may reach back to buffer index `floor` and no further (the member's first output byte).
        final int floor = (int) Math.max(0, memberStart - outBase);
        long bb = in.bitBuf;
        int bc = in.bitCount;
        int ip = in.pos;
        int fastLimit = in.limit - 8;
        int op = outPos;
        boolean ended = false;
        try {
            while (op <= opLimit) {
                if (ip <= fastLimit) {
                    bb |= (long) BitInput.LONG_LE.get(ib, ip) << bc;
                    ip += (63 - bc) >>> 3;
                    bc |= 56;
                } else {
                    in.bitBuf = bb;
                    in.bitCount = bc;
                    in.pos = ip;
                    in.refill();
                    bb = in.bitBuf;
                    bc = in.bitCount;
                    ip = in.pos;
                    fastLimit = in.limit - 8;
                }
                int e = lt[(int) bb & ((1 << LITLEN_PRIMARY_BITS) - 1)];
                if ((e & SUBTABLE) != 0) {
                    bb >>>= LITLEN_PRIMARY_BITS;
                    bc -= LITLEN_PRIMARY_BITS;
                    e = lt[(e >>> 16) + ((int) bb & ((1 << ((e >>> 8) & 0xF)) - 1))];
                }
                int n = e & 0xFF;
                if (e < 0) {
                    bb >>>= n;
                    bc -= n;
                    ob[op++] = (byte) (e >>> 16);
                    // At least 41 bits are left (56 less a 15-bit code), so a second literal that resolves in the
                    // primary table needs no refill; sub-table pointers are not negative and wait for the next turn.
                    // The write may pass outLimit by one byte, which the MAX_MATCH slack after it absorbs.
                    e = lt[(int) bb & ((1 << LITLEN_PRIMARY_BITS) - 1)];
                    if (e < 0) {
                        n = e & 0xFF;
                        bb >>>= n;
                        bc -= n;
                        ob[op++] = (byte) (e >>> 16);
                    }
                    continue;
                }
                if ((e & (END_OF_BLOCK | INVALID)) != 0) {
                    bb >>>= n;
                    bc -= n;
                    if ((e & INVALID) != 0) {
                        throw new GzipFormatException("invalid literal/length code", position(ip, bc));
                    }
                    ended = true;
                    break;
                }
                int length = value(e, bb);
                bb >>>= n;
                bc -= n;

                int d = dt[(int) bb & ((1 << DIST_PRIMARY_BITS) - 1)];
                if ((d & SUBTABLE) != 0) {
                    bb >>>= DIST_PRIMARY_BITS;
                    bc -= DIST_PRIMARY_BITS;
                    d = dt[(d >>> 16) + ((int) bb & ((1 << ((d >>> 8) & 0xF)) - 1))];
                }
                if ((d & INVALID) != 0) {
                    throw new GzipFormatException("invalid distance code", position(ip, bc));
                }
                n = d & 0xFF;
                int distance = value(d, bb);
                bb >>>= n;
                bc -= n;

                int from = op - distance;
                if (from < floor) {
                    throw new GzipFormatException("invalid distance " + distance + " too far back (only "
                            + (op - floor) + " bytes of output in this member)", position(ip, bc));
                }
                if (length <= 16 && distance >= 8) {
                    // Each word reads only bytes written before it (the distance is at least 8), so an overlapping
                    // match comes out right; what lands past the match's end is slack that later output overwrites.
                    BitInput.LONG_LE.set(ob, op, (long) BitInput.LONG_LE.get(ob, from));
                    BitInput.LONG_LE.set(ob, op + 8, (long) BitInput.LONG_LE.get(ob, from + 8));
                    op += length;
                } else if (distance >= length) {
                    System.arraycopy(ob, from, ob, op, length);
                    op += length;
                } else if (distance == 1) {
                    Arrays.fill(ob, op, op + length, ob[from]);
                    op += length;
                } else {
                    int end = op + length;
                    while (op < end) {
                        ob[op++] = ob[from++];
                    }
                }
            }
        } finally {
            in.bitBuf = bb;
            in.bitCount = bc;
            in.pos = ip;
            outPos = op;
        }
        if (ended) {
            in.requireWithinInput();
        }
        return ended;
    }

    /** Byte offset of the next unconsumed bit, given the hot loop's locals (for error messages). */
    private long position(int ip, int bc) {
        in.pos = ip;
        in.bitCount = bc;
        return in.byteOffset();
    }

    private static int[] litLenPayloads() {
        int[] lengthBase = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                115, 131, 163, 195, 227, 258};
        int[] lengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        int[] payloads = new int[288];
        for (int symbol = 0; symbol < 256; symbol++) {
            payloads[symbol] = LITERAL | symbol << 16;
        }
        payloads[256] = END_OF_BLOCK;
        for (int i = 0; i < lengthBase.length; i++) {
            payloads[257 + i] = lengthBase[i] << 16 | lengthExtra[i] << 8;
        }
        payloads[286] = INVALID;
        payloads[287] = INVALID;
        return payloads;
    }

    private static int[] distancePayloads() {
        int[] payloads = new int[32];
        int base = 1;
        for (int code = 0; code < 30; code++) {
            int extra = code < 4 ? 0 : code / 2 - 1;
            payloads[code] = base << 16 | extra << 8;
            base += 1 << extra;
        }
        payloads[30] = INVALID;
        payloads[31] = INVALID;
        return payloads;
    }

    private static int[] codeLengthPayloads() {
        int[] payloads = new int[19];
        for (int symbol = 0; symbol < 19; symbol++) {
            payloads[symbol] = symbol << 16;
        }
        return payloads;
    }
}
