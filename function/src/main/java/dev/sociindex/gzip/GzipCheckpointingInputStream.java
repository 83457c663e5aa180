package dev.sociindex.gzip;

import dev.sociindex.bytes.ExactSkip;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Decompresses a gzip blob (all members, concatenated) while recording, in the same single pass, the random-access
 * checkpoints and compressed-span digests that a SOCI zTOC needs (soci-format.md 2.2 to 2.4).
 *
 * <p>A checkpoint is placed at a deflate block boundary (just after a member header, or just after a non-final
 * block) when nothing has been output yet or more than {@code spanSize} bytes have been output since the previous
 * checkpoint, exactly as zlib's {@code inflate(Z_BLOCK)} loop in SOCI does. Span {@code i} covers compressed bytes
 * from checkpoint {@code i} (including its partial byte) to checkpoint {@code i+1}, the last one to the blob's end.
 *
 * <p>Every member's CRC-32 and ISIZE are verified; bytes after the last member that are not another member are
 * an error. The results ({@link #checkpoints()}, {@link #spanDigests()}, sizes) are available once the stream has
 * been read to its end or {@link #drainToEnd() drained}. Not thread-safe.
 */
public final class GzipCheckpointingInputStream extends InputStream implements ExactSkip {
    private enum State { MEMBER_HEADER, BLOCK_HEADER, BLOCK_DATA, MEMBER_TRAILER, END, FAILED }

    private final InputStream source;
    private final long spanSize;
    private final SpanDigests spans = new SpanDigests();
    private final BitInput input;
    private final GzipHeaderReader headers;
    private final DeflateDecoder decoder;
    private final CRC32 crc = new CRC32();
    /** Set when no sink was given: the checkpoints are then kept here and {@link #checkpoints()} returns them. */
    private final List<Checkpoint> checkpoints;
    private final CheckpointSink sink;
    private int checkpointCount;

    private State state = State.MEMBER_HEADER;
    private boolean finalBlock;
    /** Next output buffer index to hand to the reader. */
    private int readPos = DeflateDecoder.WINDOW;
    /** Output buffer index up to which the current member's CRC has been computed. */
    private int crcPos = DeflateDecoder.WINDOW;
    private long memberStartOut;
    private long lastCheckpointOut;
    private int members;

    /**
     * @param compressed the gzip blob from its first byte; read sequentially, never buffered whole
     * @param spanSize   minimum uncompressed bytes between checkpoints (SOCI's span size)
     */
    public GzipCheckpointingInputStream(InputStream compressed, long spanSize) {
        this(compressed, spanSize, new ArrayList<>());
    }

    /**
     * @param sink receives each checkpoint as soon as it is placed; {@link #checkpoints()} is then unavailable
     */
    public GzipCheckpointingInputStream(InputStream compressed, long spanSize, CheckpointSink sink) {
        this(compressed, spanSize, null, Objects.requireNonNull(sink, "sink"));
    }

    private GzipCheckpointingInputStream(InputStream compressed, long spanSize, List<Checkpoint> kept) {
        this(compressed, spanSize, kept, kept::add);
    }

    private GzipCheckpointingInputStream(InputStream compressed, long spanSize, List<Checkpoint> kept, CheckpointSink sink) {
        this.checkpoints = kept;
        this.sink = sink;
        if (spanSize < 0) {
            throw new IllegalArgumentException("span size must not be negative, was " + spanSize);
        }
        this.source = Objects.requireNonNull(compressed, "compressed");
        this.spanSize = spanSize;
        this.input = new BitInput(compressed, spans);
        this.headers = new GzipHeaderReader(input);
        this.decoder = new DeflateDecoder(input);
    }

    @Override
    public int read() throws IOException {
        if (!ensureOutput()) {
            return -1;
        }
        return decoder.buffer()[readPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!ensureOutput()) {
            return -1;
        }
        int n = Math.min(len, decoder.position() - readPos);
        System.arraycopy(decoder.buffer(), readPos, b, off, n);
        readPos += n;
        return n;
    }

    /**
     * Decompresses and discards up to {@code n} bytes without copying them out of the output buffer; checkpoints,
     * span digests and CRC are exactly as if they had been read. Returns fewer than {@code n} only at the end.
     */
    @Override
    public long skip(long n) throws IOException {
        long remaining = n;
        while (remaining > 0 && ensureOutput()) {
            int step = (int) Math.min(remaining, decoder.position() - readPos);
            readPos += step;
            remaining -= step;
        }
        return n - remaining;
    }

    @Override
    public int available() {
        return decoder.position() - readPos;
    }

    /** Decompresses and discards the rest of the blob, so that checkpoints and digests cover all of it. */
    public void drainToEnd() throws IOException {
        while (ensureOutput()) {
            readPos = decoder.position();
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /**
     * The checkpoints, first at the end of the first member's header; only after the end was reached, and only when
     * no sink was given (the sink has them).
     */
    public List<Checkpoint> checkpoints() {
        requireEnd();
        if (checkpoints == null) {
            throw new IllegalStateException("the checkpoints went to the stream's sink");
        }
        return List.copyOf(checkpoints);
    }

    /** Checkpoints placed so far (all of them once the end was reached). */
    public int checkpointCount() {
        return checkpointCount;
    }

    /** {@code "sha256:<hex>"} of each span's compressed bytes, one per checkpoint. */
    public List<String> spanDigests() {
        requireEnd();
        return spans.digests();
    }

    /** Size of the whole compressed blob in bytes. */
    public long compressedSize() {
        requireEnd();
        return input.endOffset();
    }

    /** Total uncompressed bytes of all members. */
    public long uncompressedSize() {
        requireEnd();
        return decoder.totalOut();
    }

    public int memberCount() {
        requireEnd();
        return members;
    }

    public long spanSize() {
        return spanSize;
    }

    /** True when undelivered output is buffered; otherwise decodes more. False at the end of the blob. */
    private boolean ensureOutput() throws IOException {
        if (state == State.FAILED) {
            throw new IOException("gzip stream already failed; see the earlier exception");
        }
        while (readPos == decoder.position()) {
            if (state == State.END) {
                return false;
            }
            decodeChunk();
        }
        return true;
    }

    /** Decodes until the output buffer is full or the blob ends. Precondition: all output was handed out. */
    private void decodeChunk() throws IOException {
        try {
            if (!decoder.hasRoom()) {
                updateCrc();
                decoder.slide();
                readPos = decoder.position();
                crcPos = readPos;
            }
            while (decoder.hasRoom() && state != State.END) {
                step();
            }
        } catch (GzipFormatException e) {
            state = State.FAILED;
            // Near the end the decoder peeks into zero padding; whatever went wrong there, the cause is truncation.
            throw input.consumedPastEnd() ? input.truncated() : e;
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private void step() throws IOException {
        switch (state) {
            case MEMBER_HEADER -> {
                headers.read(members == 0);
                decoder.startMember();
                memberStartOut = decoder.totalOut();
                crc.reset();
                atBlockBoundary();
                state = State.BLOCK_HEADER;
            }
            case BLOCK_HEADER -> {
                finalBlock = decoder.startBlock();
                state = State.BLOCK_DATA;
            }
            case BLOCK_DATA -> {
                if (decoder.continueBlock()) {
                    if (finalBlock) {
                        state = State.MEMBER_TRAILER;
                    } else {
                        atBlockBoundary();
                        state = State.BLOCK_HEADER;
                    }
                }
            }
            case MEMBER_TRAILER -> {
                readTrailer();
                members++;
                if (input.hasMoreInput()) {
                    state = State.MEMBER_HEADER;
                } else {
                    input.finishSpans();
                    state = State.END;
                }
            }
            default -> throw new IllegalStateException("no step in state " + state);
        }
    }

    /** zlib's rule: checkpoint when nothing was output yet or strictly more than a span since the last one. */
    private void atBlockBoundary() throws IOException {
        long out = decoder.totalOut();
        if (out == 0 || out - lastCheckpointOut > spanSize) {
            long bitPosition = input.bitPosition();
            long in = (bitPosition + 7) >>> 3;
            int bits = (int) (in * 8 - bitPosition);
            input.cutSpan(in, bits != 0 ? in - 1 : in);
            sink.add(new Checkpoint(in, out, bits, decoder.window()));
            checkpointCount++;
            lastCheckpointOut = out;
        }
    }

    private void readTrailer() throws IOException {
        updateCrc();
        input.alignToByte();
        long offset = input.byteOffset();
        long storedCrc = input.readLittleEndianInt();
        long storedSize = input.readLittleEndianInt();
        if (storedCrc != crc.getValue()) {
            throw new GzipFormatException(String.format("gzip member %d CRC32 mismatch (trailer %08x, data %08x)",
                    members, storedCrc, crc.getValue()), offset);
        }
        long size = (decoder.totalOut() - memberStartOut) & 0xFFFF_FFFFL;
        if (storedSize != size) {
            throw new GzipFormatException("gzip member " + members + " ISIZE mismatch (trailer " + storedSize
                    + ", data " + size + " mod 2^32)", offset + 4);
        }
    }

    private void requireEnd() {
        if (state != State.END) {
            throw new IllegalStateException("the gzip stream has not been read to its end (state " + state + ")");
        }
    }

    private void updateCrc() {
        int end = decoder.position();
        crc.update(decoder.buffer(), crcPos, end - crcPos);
        crcPos = end;
    }
}
