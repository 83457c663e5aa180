package dev.sociindex.gzip;

/**
 * A place where inflation can resume: a deflate block boundary (or just after a gzip member header).
 *
 * @param in     compressed offset: bytes of the blob consumed up to and including the partial byte, {@code ceil(P/8)}
 *               where P is the bit position of the boundary
 * @param out    uncompressed offset: bytes of output produced before this point, across all members
 * @param bits   unused bits (0..7) of the byte at {@code in - 1}; 0 when the boundary is byte-aligned
 * @param window the 32768 bytes of output before {@code out}, oldest first, zero-padded at the front while
 *               {@code out < 32768}
 */
public record Checkpoint(long in, long out, int bits, byte[] window) {
    public static final int WINDOW_SIZE = 32768;

    public Checkpoint {
        if (bits < 0 || bits > 7) {
            throw new IllegalArgumentException("bits must be 0..7, was " + bits);
        }
        if (window.length != WINDOW_SIZE) {
            throw new IllegalArgumentException("window must be " + WINDOW_SIZE + " bytes, was " + window.length);
        }
    }

    /** First compressed byte a reader must fetch to resume here: the partial byte when {@code bits != 0}. */
    public long spanStart() {
        return bits == 0 ? in : in - 1;
    }
}
