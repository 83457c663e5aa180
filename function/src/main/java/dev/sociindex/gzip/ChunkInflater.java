package dev.sociindex.gzip;

import static dev.sociindex.gzip.DeflateDecoder.CODE_LENGTH_BITS;
import static dev.sociindex.gzip.DeflateDecoder.CODE_LENGTH_ORDER;
import static dev.sociindex.gzip.DeflateDecoder.CODE_LENGTH_PAYLOADS;
import static dev.sociindex.gzip.DeflateDecoder.DIST_PAYLOADS;
import static dev.sociindex.gzip.DeflateDecoder.DIST_PRIMARY_BITS;
import static dev.sociindex.gzip.DeflateDecoder.LITLEN_PAYLOADS;
import static dev.sociindex.gzip.DeflateDecoder.LITLEN_PRIMARY_BITS;
import static dev.sociindex.gzip.DeflateDecoder.MAX_MATCH;
import static dev.sociindex.gzip.HuffmanTableBuilder.END_OF_BLOCK;
import static dev.sociindex.gzip.HuffmanTableBuilder.INVALID;
import static dev.sociindex.gzip.HuffmanTableBuilder.SUBTABLE;
import static dev.sociindex.gzip.HuffmanTableBuilder.value;

import java.util.Arrays;

/**
 * Decodes deflate blocks of one in-memory piece of a gzip blob, from a given bit offset, into 16-bit symbols, for
 * the parallel decoder. The output starts with a 32 KiB window: either the real preceding bytes (values below 256)
 * or, when they are not known yet, markers ({@code MARKER + i} stands for window byte {@code i}). Back-references
 * copy markers like bytes, so once the window is known every symbol resolves with one lookup.
 *
 * <p>Decoding stops only at block boundaries, and records each one (bit offset and output index): that is all a
 * deflate stream carries from one block to the next, which is what lets pieces be decoded independently and
 * checkpoints be placed afterwards by a sequential scan. It never throws on bad data: whatever is wrong (an invalid
 * code, data past the piece's end) ends the decoding at the last good boundary, with the reason; the caller then
 * hands over to the sequential decoder, which reports the error exactly. A final block is never decoded (its
 * trailer and what follows are the sequential decoder's part). One instance per thread.
 */
final class ChunkInflater {
    static final int WINDOW = DeflateDecoder.WINDOW;
    static final int MARKER = 256;
    /** Zero bytes a piece must have after its limit: bit-buffer refills load 8 bytes at a time past it. */
    static final int PADDING = 16;

    /** Why a decoding stopped. */
    enum Stop {
        /** At the first boundary at or past the stop bit. */
        REACHED,
        /** At the first boundary after the output passed its soft cap. */
        OUTPUT_FULL,
        /** Before a final block's header, which is not decoded. */
        FINAL_BLOCK,
        /** The piece's bytes ran out inside a block (or the output hit its hard cap). */
        INCOMPLETE,
        /** Invalid data inside a block. */
        INVALID
    }

    /**
     * Compressed bytes {@code [base, base + limit)} of the blob, the last ones when {@code endsStream};
     * {@code bytes} has {@link #PADDING} zeros more.
     */
    record Piece(byte[] bytes, long base, int limit, boolean endsStream) {
        Piece {
            if (bytes.length < limit + PADDING) {
                throw new IllegalArgumentException("piece needs " + PADDING + " padding bytes");
            }
        }

        long endBit() {
            return (base + limit) * 8;
        }
    }

    /**
     * A decoding's output: symbols {@code out[WINDOW, outEnd[count-1])} after the window; boundary {@code j} is at
     * absolute bit {@code bits[j]} and output index {@code outEnd[j]}; boundary 0 is the start.
     */
    record Decoded(long startBit, Stop stop, char[] out, long[] bits, int[] outEnd, int count) {
        long lastBit() {
            return bits[count - 1];
        }

        int lastOut() {
            return outEnd[count - 1];
        }
    }

    private static final int ENDED = 0;
    private static final int OUT_FULL = 1;
    private static final int BAD = 2;
    private static final int NEED_INPUT = 3;

    private final HuffmanTableBuilder builder = new HuffmanTableBuilder();
    private final int[] fixedLitLen = new int[(1 << LITLEN_PRIMARY_BITS) + 288 * 32];
    private final int[] fixedDist = new int[(1 << DIST_PRIMARY_BITS) + 32 * 128];
    private final int[] dynamicLitLen = new int[fixedLitLen.length];
    private final int[] dynamicDist = new int[fixedDist.length];
    private final int[] codeLengthTable = new int[1 << CODE_LENGTH_BITS];
    private final int[] lengths = new int[320];

    private byte[] in;
    private int limit;
    private long base;
    private long bitBuf;
    private int bitCount;
    private int inPos;

    /** Reused across decodings that fail (speculative starts); handed to the result otherwise. */
    private char[] out;
    /** The window {@link #out} starts with, when it is one of the caller's shared constant windows. */
    private char[] outWindow;
    private int outPos;
    private int floor;
    private int hardCap;
    private boolean speculative;
    private boolean endsStream;

    private long[] bits = new long[64];
    private int[] outEnd = new int[64];
    private int count;

    ChunkInflater() {
        int[] fixedLengths = new int[288 + 32];
        Arrays.fill(fixedLengths, 0, 144, 8);
        Arrays.fill(fixedLengths, 144, 256, 9);
        Arrays.fill(fixedLengths, 256, 280, 7);
        Arrays.fill(fixedLengths, 280, 288, 8);
        Arrays.fill(fixedLengths, 288, 320, 5);
        builder.build(fixedLitLen, LITLEN_PRIMARY_BITS, fixedLengths, 0, 288, LITLEN_PAYLOADS, false);
        builder.build(fixedDist, DIST_PRIMARY_BITS, fixedLengths, 288, 32, DIST_PAYLOADS, false);
    }

    /**
     * Decodes from {@code startBit} (which must lie inside the piece).
     *
     * @param window  the 32 KiB before the start: bytes as chars, or markers
     * @param floor   lowest output index a back-reference may reach (WINDOW at a member's first byte)
     * @param stopBit stop at the first boundary at or past this bit
     * @param softCap stop at the first boundary once more than this many symbols were produced
     * @param speculative the start is a guess: a final block header counts only if that block decodes and is
     *                    followed by a trailer and then the end or another gzip header (random bits decode as one
     *                    "block" and then show a final-block bit often enough to matter)
     */
    Decoded inflate(Piece piece, long startBit, char[] window, int floor, long stopBit, int softCap,
                    boolean speculative, BufferPool pool) {
        return inflate(piece, startBit, window, floor, stopBit, softCap, speculative, pool, false);
    }

    /** @param constantWindow {@code window} is never modified, so a buffer that starts with it may be reused */
    Decoded inflate(Piece piece, long startBit, char[] window, int floor, long stopBit, int softCap,
                    boolean speculative, BufferPool pool, boolean constantWindow) {
        this.speculative = speculative;
        this.endsStream = piece.endsStream();
        in = piece.bytes();
        limit = piece.limit();
        base = piece.base();
        long rel = startBit - base * 8;
        inPos = (int) (rel >>> 3);
        bitBuf = 0;
        bitCount = 0;
        refill();
        drop((int) (rel & 7));
        this.floor = floor;
        this.hardCap = WINDOW + 2 * softCap + (1 << 16);
        if (out == null) {
            out = pool.chars(WINDOW + Math.max(1 << 16, Math.min(softCap, piece.limit() * 4)));
            outWindow = null;
        }
        // A failed speculative start leaves the window in place (output goes after it): the next try reuses it.
        if (!constantWindow || outWindow != window) {
            System.arraycopy(window, 0, out, 0, WINDOW);
            outWindow = window;
        }
        outPos = WINDOW;
        count = 0;
        record(startBit);
        Stop stop = run(stopBit, softCap);
        Decoded result = new Decoded(startBit, stop, out, Arrays.copyOf(bits, count), Arrays.copyOf(outEnd, count),
                count);
        if (stop != Stop.INVALID || count > 1) {
            out = null;
        } else if (!constantWindow) {
            outWindow = null;
        }
        return result;
    }

    private Stop run(long stopBit, int softCap) {
        long endBit = base * 8 + (long) limit * 8;
        while (true) {
            if (count > 1 && bits[count - 1] >= stopBit) {
                return Stop.REACHED;
            }
            if (outPos - WINDOW > softCap) {
                return Stop.OUTPUT_FULL;
            }
            if (inPos > limit) {
                return Stop.INCOMPLETE;
            }
            refill();
            int header = (int) bitBuf & 7;
            if ((header & 1) != 0) {
                return speculative && !finalBlockPlausible(endBit) ? Stop.INVALID : Stop.FINAL_BLOCK;
            }
            drop(3);
            int status = switch (header >>> 1) {
                case 0 -> stored();
                case 1 -> huffman(fixedLitLen, fixedDist);
                case 2 -> readDynamicTables() ? huffman(dynamicLitLen, dynamicDist) : BAD;
                default -> BAD;
            };
            long position = position();
            if (status == NEED_INPUT || position > endBit) {
                return Stop.INCOMPLETE;
            }
            if (status != ENDED) {
                return Stop.INVALID;
            }
            record(position);
        }
    }

    /** Decodes the final block tentatively (its output is dropped again) and looks at what follows it. */
    private boolean finalBlockPlausible(long endBit) {
        int boundaryOut = outPos;
        int type = ((int) bitBuf & 7) >>> 1;
        drop(3);
        int status = switch (type) {
            case 0 -> stored();
            case 1 -> huffman(fixedLitLen, fixedDist);
            case 2 -> readDynamicTables() ? huffman(dynamicLitLen, dynamicDist) : BAD;
            default -> BAD;
        };
        outPos = boundaryOut;
        long position = position();
        if (status == NEED_INPUT || position > endBit) {
            return true; // the piece ends first: cannot tell
        }
        if (status != ENDED) {
            return false;
        }
        long trailerEnd = ((position + 7) >>> 3) + 8 - base;
        if (trailerEnd + 3 <= limit) {
            int at = (int) trailerEnd;
            return (in[at] & 0xFF) == 0x1F && (in[at + 1] & 0xFF) == 0x8B && in[at + 2] == 8;
        }
        return endsStream ? trailerEnd == limit : true;
    }

    /** Absolute bit offset of the next unconsumed bit. */
    private long position() {
        return (base + inPos) * 8 - bitCount;
    }

    private void record(long bit) {
        if (count == bits.length) {
            bits = Arrays.copyOf(bits, count * 2);
            outEnd = Arrays.copyOf(outEnd, count * 2);
        }
        bits[count] = bit;
        outEnd[count] = outPos;
        count++;
    }

    /** Tops the bit buffer up to at least 56 bits; reads at most 8 bytes past {@code inPos} (padding covers it). */
    private void refill() {
        bitBuf |= (long) BitInput.LONG_LE.get(in, inPos) << bitCount;
        inPos += (63 - bitCount) >>> 3;
        bitCount |= 56;
    }

    private void drop(int n) {
        bitBuf >>>= n;
        bitCount -= n;
    }

    private int take(int n) {
        int value = (int) (bitBuf & ((1L << n) - 1));
        drop(n);
        return value;
    }

    private int stored() {
        int align = bitCount & 7;
        drop(align);
        // Give back the whole bytes still in the bit buffer, then read LEN and NLEN straight from the piece.
        inPos -= bitCount >>> 3;
        bitBuf = 0;
        bitCount = 0;
        if (inPos + 4 > limit) {
            return NEED_INPUT;
        }
        int length = (in[inPos] & 0xFF) | (in[inPos + 1] & 0xFF) << 8;
        int complement = (in[inPos + 2] & 0xFF) | (in[inPos + 3] & 0xFF) << 8;
        if ((length ^ 0xFFFF) != complement) {
            return BAD;
        }
        inPos += 4;
        if (inPos + length > limit) {
            return NEED_INPUT;
        }
        ensureRoom(length);
        if (outPos + length > hardCap) {
            return NEED_INPUT;
        }
        char[] ob = out;
        byte[] ib = in;
        int op = outPos;
        int ip = inPos;
        for (int end = ip + length; ip < end; ip++) {
            ob[op++] = (char) (ib[ip] & 0xFF);
        }
        outPos = op;
        inPos = ip;
        return ENDED;
    }

    private void ensureRoom(int n) {
        if (outPos + n + MAX_MATCH + 2 > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outPos + n + MAX_MATCH + 2));
        }
    }

    /** The dynamic block's code tables (RFC 1951 3.2.7), checked as strictly as the sequential decoder does. */
    private boolean readDynamicTables() {
        int literalCount = take(5) + 257;
        int distanceCount = take(5) + 1;
        int codeLengthCount = take(4) + 4;
        if (literalCount > 286 || distanceCount > 30) {
            return false;
        }
        Arrays.fill(lengths, 0, 19, 0);
        for (int i = 0; i < codeLengthCount; i++) {
            if (bitCount < 3) {
                refill();
            }
            lengths[CODE_LENGTH_ORDER[i]] = take(3);
        }
        if (builder.build(codeLengthTable, CODE_LENGTH_BITS, lengths, 0, 19, CODE_LENGTH_PAYLOADS, false) != null) {
            return false;
        }
        int total = literalCount + distanceCount;
        int i = 0;
        while (i < total) {
            if (inPos > limit) {
                return false;
            }
            if (bitCount < 16) {
                refill();
            }
            int entry = codeLengthTable[(int) bitBuf & ((1 << CODE_LENGTH_BITS) - 1)];
            if ((entry & INVALID) != 0) {
                return false;
            }
            drop(entry & 0xFF);
            int symbol = entry >>> 16;
            if (symbol < 16) {
                lengths[i++] = symbol;
                continue;
            }
            int value;
            int repeat;
            if (symbol == 16) {
                if (i == 0) {
                    return false;
                }
                value = lengths[i - 1];
                repeat = 3 + take(2);
            } else {
                value = 0;
                repeat = symbol == 17 ? 3 + take(3) : 11 + take(7);
            }
            if (i + repeat > total) {
                return false;
            }
            Arrays.fill(lengths, i, i + repeat, value);
            i += repeat;
        }
        if (lengths[256] == 0) {
            return false;
        }
        return builder.build(dynamicLitLen, LITLEN_PRIMARY_BITS, lengths, 0, literalCount, LITLEN_PAYLOADS, true)
                == null
                && builder.build(dynamicDist, DIST_PRIMARY_BITS, lengths, literalCount, distanceCount, DIST_PAYLOADS,
                true) == null;
    }

    /** One Huffman block to its end of block, growing the output as needed. */
    private int huffman(int[] lt, int[] dt) {
        while (true) {
            int status = huffmanLoop(lt, dt);
            if (status != OUT_FULL) {
                return status;
            }
            if (outPos > hardCap) {
                return NEED_INPUT;
            }
            ensureRoom(out.length);
        }
    }

    /** The hot loop, as in {@link DeflateDecoder} but writing 16-bit symbols into a growable array. */
    private int huffmanLoop(int[] lt, int[] dt) {
        final byte[] ib = in;
        final char[] ob = out;
        final int opLimit = ob.length - MAX_MATCH - 2;
        final int lowest = floor;
        final int lim = limit;
        long bb = bitBuf;
        int bc = bitCount;
        int ip = inPos;
        int op = outPos;
        int status;
        while (true) {
            if (op > opLimit) {
                status = OUT_FULL;
                break;
            }
            if (ip > lim) {
                status = NEED_INPUT;
                break;
            }
            bb |= (long) BitInput.LONG_LE.get(ib, ip) << bc;
            ip += (63 - bc) >>> 3;
            bc |= 56;
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
                ob[op++] = (char) ((e >>> 16) & 0xFF);
                e = lt[(int) bb & ((1 << LITLEN_PRIMARY_BITS) - 1)];
                if (e < 0) {
                    n = e & 0xFF;
                    bb >>>= n;
                    bc -= n;
                    ob[op++] = (char) ((e >>> 16) & 0xFF);
                }
                continue;
            }
            if ((e & (END_OF_BLOCK | INVALID)) != 0) {
                bb >>>= n;
                bc -= n;
                status = (e & INVALID) != 0 ? BAD : ENDED;
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
                status = BAD;
                break;
            }
            n = d & 0xFF;
            int distance = value(d, bb);
            bb >>>= n;
            bc -= n;

            int from = op - distance;
            if (from < lowest) {
                status = BAD;
                break;
            }
            if (distance >= length) {
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
        bitBuf = bb;
        bitCount = bc;
        inPos = ip;
        outPos = op;
        return status;
    }
}
