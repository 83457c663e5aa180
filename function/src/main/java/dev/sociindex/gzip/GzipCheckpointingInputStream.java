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
    private BitInput input;
    private GzipHeaderReader headers;
    private DeflateDecoder decoder;
    private final CRC32 crc = new CRC32();
    /**
     * The member's CRC over the output before {@link #crcFrom} (decoded by the parallel front), combined with
     * {@link #crc} at the trailer; 0 and the member's start otherwise.
     */
    private int crcPrefix;
    private long crcFrom;
    /** Decodes the start of the blob on several threads until it hands over; null when sequential. */
    private ParallelGzipFront front;
    private ParallelGzipFront.Stats parallelStats;
    /** What {@link #read} hands out: {@code buffer[readPos, bufferEnd)}. */
    private byte[] buffer;
    private int bufferEnd = DeflateDecoder.WINDOW;
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
        this(compressed, spanSize, null, Objects.requireNonNull(sink, "sink"), null);
    }

    /**
     * Decodes on {@code parallel.threads()} threads as well (when more than 0), with output, checkpoints, span
     * digests and errors identical to the sequential decoder's; see {@link ParallelGzipFront}.
     */
    public GzipCheckpointingInputStream(InputStream compressed, long spanSize, CheckpointSink sink,
                                        ParallelDecoding parallel) {
        this(compressed, spanSize, null, Objects.requireNonNull(sink, "sink"),
                parallel.threads() > 0 ? parallel : null);
    }

    private GzipCheckpointingInputStream(InputStream compressed, long spanSize, List<Checkpoint> kept) {
        this(compressed, spanSize, kept, kept::add, null);
    }

    private GzipCheckpointingInputStream(InputStream compressed, long spanSize, List<Checkpoint> kept,
                                         CheckpointSink sink, ParallelDecoding parallel) {
        this.checkpoints = kept;
        this.sink = sink;
        if (spanSize < 0) {
            throw new IllegalArgumentException("span size must not be negative, was " + spanSize);
        }
        this.source = Objects.requireNonNull(compressed, "compressed");
        this.spanSize = spanSize;
        if (parallel != null) {
            this.front = new ParallelGzipFront(compressed, spanSize, sink, spans, parallel);
            this.buffer = front.buffer;
            this.readPos = 0;
            this.bufferEnd = 0;
        } else {
            startSequential(new BitInput(compressed, spans));
        }
    }

    private void startSequential(BitInput bits) {
        this.input = bits;
        this.headers = new GzipHeaderReader(input);
        this.decoder = new DeflateDecoder(input);
        this.buffer = decoder.buffer();
        this.bufferEnd = decoder.position();
    }

    /** Continues where the parallel front stopped, with the sequential decoder (which reports any error). */
    private void takeOver(ParallelGzipFront.Handover handover) throws IOException {
        parallelStats = front.stats();
        front = null;
        if (handover.atStart()) {
            startSequential(new BitInput(handover.rest(), spans));
            readPos = DeflateDecoder.WINDOW;
            return;
        }
        long byteOffset = handover.bit() >>> 3;
        BitInput bits = new BitInput(handover.rest(), spans, byteOffset);
        startSequential(bits);
        bits.bits((int) (handover.bit() & 7));
        decoder.resume(handover.window(), handover.out());
        crcPrefix = handover.crc();
        crcFrom = handover.out();
        memberStartOut = 0;
        lastCheckpointOut = handover.lastCheckpointOut();
        checkpointCount = handover.checkpointCount();
        readPos = decoder.position();
        crcPos = readPos;
        bufferEnd = readPos;
        state = State.BLOCK_HEADER;
    }

    @Override
    public int read() throws IOException {
        if (!ensureOutput()) {
            return -1;
        }
        return buffer[readPos++] & 0xFF;
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
        int n = Math.min(len, bufferEnd - readPos);
        System.arraycopy(buffer, readPos, b, off, n);
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
            int step = (int) Math.min(remaining, bufferEnd - readPos);
            readPos += step;
            remaining -= step;
        }
        return n - remaining;
    }

    @Override
    public int available() {
        return bufferEnd - readPos;
    }

    /** Decompresses and discards the rest of the blob, so that checkpoints and digests cover all of it. */
    public void drainToEnd() throws IOException {
        while (ensureOutput()) {
            readPos = bufferEnd;
        }
    }

    /**
     * Stops the parallel decoder's threads (if any) without closing the source: for a caller that abandons the
     * stream (a tar error) but keeps reading the source. Reading this stream afterwards fails.
     */
    public void stopDecodingThreads() {
        if (front != null) {
            front.close();
        }
    }

    @Override
    public void close() throws IOException {
        if (front != null) {
            front.close();
        }
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

    /** What the parallel front did before it handed over; null when it was not used (or has not handed over). */
    ParallelGzipFront.Stats parallelStats() {
        return parallelStats;
    }

    /** True when undelivered output is buffered; otherwise decodes more. False at the end of the blob. */
    private boolean ensureOutput() throws IOException {
        if (state == State.FAILED) {
            throw new IOException("gzip stream already failed; see the earlier exception");
        }
        while (readPos == bufferEnd) {
            if (front != null) {
                advanceFront();
                continue;
            }
            if (state == State.END) {
                return false;
            }
            decodeChunk();
        }
        return true;
    }

    private void advanceFront() throws IOException {
        try {
            if (front.advance()) {
                buffer = front.buffer;
                readPos = front.start;
                bufferEnd = front.end;
            } else {
                takeOver(front.handover());
            }
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            front.close();
            throw e;
        }
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
            bufferEnd = decoder.position();
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
                crcPrefix = 0;
                crcFrom = memberStartOut;
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
        long dataCrc = Integer.toUnsignedLong(
                Crc32Combine.combine(crcPrefix, (int) crc.getValue(), decoder.totalOut() - crcFrom));
        if (storedCrc != dataCrc) {
            throw new GzipFormatException(String.format("gzip member %d CRC32 mismatch (trailer %08x, data %08x)",
                    members, storedCrc, dataCrc), offset);
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
