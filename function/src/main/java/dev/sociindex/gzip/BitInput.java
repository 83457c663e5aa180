package dev.sociindex.gzip;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The compressed side: a byte buffer over the source stream plus a 64-bit LSB-first bit buffer, with the exact
 * absolute bit position always computable. It also feeds the span digests, lazily: bytes are hashed only when
 * they are about to leave the buffer or when a span is cut, so a cut can land on any byte the inflater has
 * already pulled ahead into the bit buffer.
 *
 * <p>The hot decoding loop in {@link DeflateDecoder} reads and writes {@link #buf}, {@link #pos}, {@link #limit},
 * {@link #bitBuf} and {@link #bitCount} directly, caching them in locals.
 *
 * <p>Invariant: bits of {@code bitBuf} above {@code bitCount} are either zero or the true bits of the bytes at
 * {@code pos...} (the fast refill loads 8 bytes but counts only whole bytes), so OR-ing a byte in again is harmless.
 */
final class BitInput {
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Bytes kept at the front of the buffer when it is refilled. The bit buffer holds at most 63 bits, so a block
     * boundary found later lies at most 8 bytes before the refill point; its span must still be able to start there.
     */
    private static final int KEEP = 8;
    private static final int BUFFER_SIZE = 1 << 16;
    /** Zero bytes that may be padded after the real end: the Huffman decoder peeks up to 56 bits ahead. */
    private static final int MAX_PHANTOM_BYTES = 8;

    private final InputStream source;
    private final SpanDigests spans;

    final byte[] buf = new byte[BUFFER_SIZE];
    int pos;
    int limit;
    long bitBuf;
    int bitCount;

    /** Absolute blob offset of {@code buf[0]}. */
    private long base;
    private boolean eof;
    /** Zero bytes counted into the bit buffer after the source ended; consuming any of them means truncation. */
    private int phantomBytes;
    /** Absolute offset up to which the open span has been hashed; meaningful only while a span is open. */
    private long hashedUpTo;

    BitInput(InputStream source, SpanDigests spans) {
        this.source = source;
        this.spans = spans;
    }

    /**
     * Continues a blob from byte {@code offset} on ({@code source} yields the bytes from there), the open span
     * hashed up to that offset; the parallel front hands over this way.
     */
    BitInput(InputStream source, SpanDigests spans, long offset) {
        this(source, spans);
        this.base = offset;
        this.hashedUpTo = offset;
    }

    /** Absolute bit position of the next unconsumed bit, counted LSB-first from the start of the blob. */
    long bitPosition() {
        return (base + pos + phantomBytes) * 8 - bitCount;
    }

    /** Offset of the byte holding the next unconsumed bit, for error messages. */
    long byteOffset() {
        return bitPosition() >>> 3;
    }

    /** Tops the bit buffer up to at least 56 bits (never above 63), padding with zero bytes after the end. */
    void refill() throws IOException {
        while (bitCount < 56) {
            if (pos == limit && !fillBuffer()) {
                if (phantomBytes == MAX_PHANTOM_BYTES) {
                    throw truncated();
                }
                phantomBytes++;
                bitCount += 8;
                continue;
            }
            bitBuf |= (long) (buf[pos++] & 0xFF) << bitCount;
            bitCount += 8;
        }
    }

    /** Next {@code n} bits (n <= 32) without consuming them. */
    int peek(int n) throws IOException {
        if (bitCount < n) {
            refill();
        }
        return (int) (bitBuf & ((1L << n) - 1));
    }

    void consume(int n) throws GzipFormatException {
        bitBuf >>>= n;
        bitCount -= n;
        if (phantomBytes != 0) {
            requireWithinInput();
        }
    }

    /** Reads {@code n} bits (n <= 32), LSB-first. */
    int bits(int n) throws IOException {
        int value = peek(n);
        consume(n);
        return value;
    }

    int readByte() throws IOException {
        return bits(8);
    }

    int readLittleEndianShort() throws IOException {
        return bits(16);
    }

    long readLittleEndianInt() throws IOException {
        return bits(32) & 0xFFFF_FFFFL;
    }

    void alignToByte() {
        int drop = bitCount & 7;
        bitBuf >>>= drop;
        bitCount -= drop;
    }

    /**
     * Copies {@code length} bytes of a stored block (the input must be byte-aligned): first the whole bytes
     * already in the bit buffer, then straight from the byte buffer.
     */
    void copyBytes(byte[] dst, int offset, int length) throws IOException {
        while (bitCount >= 8 && length > 0) {
            dst[offset++] = (byte) bitBuf;
            bitBuf >>>= 8;
            bitCount -= 8;
            length--;
        }
        if (phantomBytes != 0) {
            requireWithinInput();
        }
        if (length == 0) {
            return;
        }
        // The bit buffer is empty now, but may still hold look-ahead copies of bytes we are about to take directly.
        bitBuf = 0;
        while (length > 0) {
            if (pos == limit && !fillBuffer()) {
                throw truncated();
            }
            int n = Math.min(length, limit - pos);
            System.arraycopy(buf, pos, dst, offset, n);
            pos += n;
            offset += n;
            length -= n;
        }
    }

    /** Fails when the bits consumed so far run past the real end of the input into the zero padding. */
    void requireWithinInput() throws GzipFormatException {
        if (consumedPastEnd()) {
            throw truncated();
        }
    }

    boolean consumedPastEnd() {
        return eof && bitPosition() > (base + limit) * 8;
    }

    /** True when unconsumed input remains, reading more from the source if needed. Call only when byte-aligned. */
    boolean hasMoreInput() throws IOException {
        if (bitPosition() < (base + limit) * 8) {
            return true;
        }
        // Every real bit is consumed, so pos == limit and the bit buffer holds nothing real.
        return fillBuffer();
    }

    /** Closes the open span (if any) at {@code end} and opens the next one at {@code nextStart}. */
    void cutSpan(long end, long nextStart) {
        if (spans.isOpen()) {
            hashThrough(end);
            spans.close();
        }
        if (nextStart < base) {
            throw new IllegalStateException("span start " + nextStart + " already left the input buffer at " + base);
        }
        hashedUpTo = nextStart;
        spans.open();
    }

    /** At the end of the blob: hashes the rest into the last span and closes it. */
    void finishSpans() {
        if (spans.isOpen()) {
            hashThrough(base + limit);
            spans.close();
        }
    }

    /** Total blob size; exact once the source has ended. */
    long endOffset() {
        return base + limit;
    }

    GzipFormatException truncated() {
        return new GzipFormatException("truncated gzip stream: unexpected end of compressed data", base + limit);
    }

    private void hashThrough(long end) {
        if (hashedUpTo < base || end > base + limit) {
            throw new IllegalStateException("hash range [" + hashedUpTo + ", " + end + ") is not in the input buffer");
        }
        spans.update(buf, (int) (hashedUpTo - base), (int) (end - hashedUpTo));
        hashedUpTo = end;
    }

    /** Precondition: {@code pos == limit}. Keeps the last few bytes, reads more; false at the end of the source. */
    private boolean fillBuffer() throws IOException {
        if (eof) {
            return false;
        }
        int keep = Math.min(KEEP, limit);
        long end = base + limit;
        if (spans.isOpen() && end - keep > hashedUpTo) {
            hashThrough(end - keep);
        }
        System.arraycopy(buf, limit - keep, buf, 0, keep);
        base = end - keep;
        pos = keep;
        limit = keep;
        int n;
        do {
            n = source.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }
}
