package dev.sociindex.gzip;

import dev.sociindex.gzip.ChunkInflater.Decoded;
import dev.sociindex.gzip.ChunkInflater.Piece;
import dev.sociindex.gzip.ChunkInflater.Stop;

/**
 * Finds where a deflate block starts inside a piece of compressed data that begins at an arbitrary byte, by trying
 * every bit offset in turn: a cheap filter on the block header first (non-final; dynamic with a complete code-length
 * code, or stored with LEN = ~NLEN; fixed blocks have too little redundancy to tell from noise and are skipped), then
 * a real decoding with an unknown window (markers), which must not hit invalid data. The start found is only a
 * guess: the caller trusts it only when the preceding piece's decoding ends at exactly that bit.
 */
final class BlockStartFinder {
    private static final char[] MARKERS = markers();

    private BlockStartFinder() {
    }

    /**
     * The decoding from the first plausible start in {@code [fromBit, toBit)}, or null when there is none.
     *
     * @param stopBit where the decoding stops (the first boundary at or past it)
     */
    static Decoded speculate(ChunkInflater inflater, Piece piece, long fromBit, long toBit, long stopBit, int softCap,
                            BufferPool pool) {
        byte[] bytes = piece.bytes();
        long baseBit = piece.base() * 8;
        // A dynamic header needs 17 + 57 bits, a stored one up to 3 + 7 + 32: stay where the 8-byte loads are real.
        long lastBit = Math.min(toBit, piece.endBit() - 80);
        long loaded = 0;
        int loadedIndex = -1;
        for (long bit = fromBit; bit < lastBit; bit++) {
            long rel = bit - baseBit;
            int index = (int) (rel >>> 3);
            if (index != loadedIndex) {
                loaded = (long) BitInput.LONG_LE.get(bytes, index);
                loadedIndex = index;
            }
            long word = loaded >>> (rel & 7);
            int header = (int) word & 7;
            boolean plausible;
            if (header == 4) {
                plausible = dynamicHeaderPlausible(word, bytes, rel + 17);
            } else if (header == 0) {
                plausible = storedHeaderPlausible(bytes, (int) ((rel + 3 + 7) >>> 3));
            } else {
                continue;
            }
            if (plausible) {
                Decoded decoded = inflater.inflate(piece, bit, MARKERS, 0, stopBit, softCap, true, pool, true);
                if (decoded.stop() != Stop.INVALID) {
                    return decoded;
                }
            }
        }
        return null;
    }

    /** HLIT and HDIST in range and a complete code-length code (the only kind zlib and our decoder accept). */
    private static boolean dynamicHeaderPlausible(long word, byte[] bytes, long lengthsBit) {
        if (((word >>> 3) & 31) > 29 || ((word >>> 8) & 31) > 29) {
            return false;
        }
        int codeLengthCount = (int) ((word >>> 13) & 15) + 4;
        long lengths = (long) BitInput.LONG_LE.get(bytes, (int) (lengthsBit >>> 3)) >>> (lengthsBit & 7);
        lengths &= (1L << (3 * codeLengthCount)) - 1;
        // Kraft sum in units of 2^-7, four 3-bit lengths per lookup: complete means exactly 128.
        int kraft = KRAFT[(int) lengths & 0xFFF] + KRAFT[(int) (lengths >>> 12) & 0xFFF]
                + KRAFT[(int) (lengths >>> 24) & 0xFFF] + KRAFT[(int) (lengths >>> 36) & 0xFFF]
                + KRAFT[(int) (lengths >>> 48) & 0xFFF];
        return kraft == 128;
    }

    private static final short[] KRAFT = kraftTable();

    private static short[] kraftTable() {
        short[] table = new short[1 << 12];
        for (int i = 0; i < table.length; i++) {
            int sum = 0;
            for (int k = 0; k < 4; k++) {
                int length = (i >>> (3 * k)) & 7;
                sum += length == 0 ? 0 : 128 >>> length;
            }
            table[i] = (short) sum;
        }
        return table;
    }

    private static boolean storedHeaderPlausible(byte[] bytes, int index) {
        int length = (bytes[index] & 0xFF) | (bytes[index + 1] & 0xFF) << 8;
        int complement = (bytes[index + 2] & 0xFF) | (bytes[index + 3] & 0xFF) << 8;
        return (length ^ 0xFFFF) == complement;
    }

    private static char[] markers() {
        char[] window = new char[ChunkInflater.WINDOW];
        for (int i = 0; i < window.length; i++) {
            window[i] = (char) (ChunkInflater.MARKER + i);
        }
        return window;
    }
}
