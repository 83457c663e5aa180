package dev.sociindex.gzip;

import dev.sociindex.gzip.ChunkInflater.Decoded;
import dev.sociindex.gzip.ChunkInflater.Piece;
import dev.sociindex.gzip.ChunkInflater.Stop;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The parallel front of {@link GzipCheckpointingInputStream}: decodes the first gzip member on several threads and
 * hands over to the sequential decoder before the member's final block (or at the first thing it cannot handle).
 *
 * <p>The compressed stream is cut into chunks of {@code chunkSize} bytes. Chunk 0 is decoded from the end of the
 * gzip header; every later chunk, on a worker, from the first plausible block start found by
 * {@link BlockStartFinder}, with an unknown window (markers). Each decoding runs to the first block boundary at or
 * past its chunk's end. Here, in order, a chunk's decoding is taken only when it starts at exactly the bit where the
 * committed output ends (which proves the guessed start real: deflate decoding from a true boundary is
 * deterministic); otherwise this thread decodes on from there itself, with the real window. Committing resolves the
 * markers against the preceding 32 KiB, places checkpoints at the recorded boundaries by the sequential rule, feeds
 * the span digests and the running CRC, all byte for byte as {@link GzipCheckpointingInputStream} alone does.
 *
 * <p>At most {@code threads + 1} chunks are decoded at once and two more resolved, each holding its compressed piece
 * and at most {@code 2 x 8 x chunkSize} symbols of output (a decoding past {@code 8 x chunkSize} symbols stops at
 * the next boundary, past twice that within a block it gives up), so memory stays bounded whatever the layer's size
 * ({@link ParallelDecoding#heapBytes}). Not thread-safe; the worker threads end when idle or closed.
 */
final class ParallelGzipFront implements AutoCloseable {
    private static final int WINDOW = ChunkInflater.WINDOW;
    private static final char[] ZERO_WINDOW = new char[WINDOW];
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** One per worker thread, so its tables and output buffer are reused; gone with the thread when it idles out. */
    private static final ThreadLocal<ChunkInflater> INFLATERS = ThreadLocal.withInitial(ChunkInflater::new);

    /**
     * Where the sequential decoder takes over: at the stream's start ({@code atStart}), or at the block boundary
     * {@code bit} with {@code out} bytes output, the member's CRC so far, and the rest of the compressed stream from
     * byte {@code bit / 8} on (span digests hashed up to that byte).
     */
    record Handover(boolean atStart, long bit, long out, byte[] window, int crc, long lastCheckpointOut,
                    int checkpointCount, InputStream rest) {
    }

    private record Pending(long chunk, Future<Decoded> result) {
    }

    /** A chunk's output, resolved to bytes {@code bytes[WINDOW, end)}, with its CRC-32. */
    private record Resolved(byte[] bytes, int end, int crc) {
    }

    /** Accepted chunks whose output is being resolved on a worker, in order; at most {@link #RESOLVING_AHEAD}. */
    private final ArrayDeque<Future<Resolved>> resolving = new ArrayDeque<>();
    private static final int RESOLVING_AHEAD = 2;

    /**
     * What the front did: decodings taken from workers, decodings run on the reading thread (chunk starts that
     * were not found or not confirmed, and continuations), bytes output before the hand-over.
     */
    record Stats(int fromWorkers, int decodedHere, long output) {
    }

    private final InputStream source;
    private final long spanSize;
    private final CheckpointSink sink;
    private final SpanDigests spans;
    private final int chunkSize;
    private final int lookahead;
    private final int softCap;
    private final int maxInFlight;
    private final ThreadPoolExecutor pool;
    private final ChunkInflater own = new ChunkInflater();
    private final BufferPool buffers;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Compressed bytes read so far; page k holds bytes from k * chunkSize; released pages are null. */
    private final List<byte[]> pages = new ArrayList<>();
    private long readEnd;
    private boolean eof;
    private long nextChunk = 1;

    private boolean started;
    private long curBit;
    private long curOut;
    private byte[] window = new byte[WINDOW];
    private int crc;
    private long lastCheckpointOut;
    private int checkpointCount;
    private long hashedUpTo;
    private boolean handOverNext;
    private Handover handover;
    private int fromWorkers;
    private int decodedHere;

    /** The committed output not yet handed to the reader: {@code buffer[start, end)}. */
    byte[] buffer = new byte[0];
    int start;
    int end;

    ParallelGzipFront(InputStream source, long spanSize, CheckpointSink sink, SpanDigests spans,
                      ParallelDecoding settings) {
        this.source = source;
        this.spanSize = spanSize;
        this.sink = sink;
        this.spans = spans;
        this.chunkSize = settings.chunkSize();
        this.lookahead = Math.max(128 << 10, Math.min(chunkSize, 512 << 10));
        this.softCap = Math.max(8 * chunkSize, 1 << 20);
        this.maxInFlight = settings.threads() + 1;
        this.buffers = new BufferPool(maxInFlight + RESOLVING_AHEAD + 2);
        int id = POOLS.incrementAndGet();
        AtomicInteger threadCount = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "soci-inflate-" + id + "-" + threadCount.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Commits more output into {@link #buffer}; false once the sequential decoder must take over. */
    boolean advance() throws IOException {
        while (true) {
            if (handover != null) {
                return false;
            }
            if (!started) {
                begin();
                continue;
            }
            while (!handOverNext && resolving.size() < RESOLVING_AHEAD) {
                Decoded decoded = nextDecoded();
                if (decoded.count() == 1) {
                    handOverNext = true;
                    break;
                }
                accept(decoded);
                if (decoded.stop() == Stop.FINAL_BLOCK) {
                    handOverNext = true;
                }
            }
            if (!resolving.isEmpty()) {
                Resolved resolved = await(resolving.removeFirst());
                buffers.give(buffer); // the reader is done with the previous output
                int produced = resolved.end() - WINDOW;
                crc = Crc32Combine.combine(crc, resolved.crc(), produced);
                buffer = resolved.bytes();
                start = WINDOW;
                end = resolved.end();
                if (end > start) {
                    return true;
                }
                continue;
            }
            handOver(false);
            return false;
        }
    }

    Handover handover() {
        return handover;
    }

    Stats stats() {
        return new Stats(fromWorkers, decodedHere, curOut);
    }

    @Override
    public void close() {
        for (Pending p : pending) {
            p.result().cancel(false);
        }
        pending.clear();
        resolving.forEach(r -> r.cancel(false));
        resolving.clear();
        pool.shutdown();
    }

    private void begin() throws IOException {
        started = true;
        readUpTo((long) chunkSize + lookahead);
        long header = headerLength();
        if (header < 0) {
            handOver(true);
            return;
        }
        curBit = header * 8;
        spans.open();
        hashedUpTo = header;
        sink.add(new Checkpoint(header, 0, 0, new byte[WINDOW]));
        checkpointCount = 1;
        if (header < readEnd) {
            Piece piece = piece(0, Math.min(readEnd, (long) chunkSize + lookahead));
            long startBit = curBit;
            long stopBit = (long) chunkSize * 8;
            pending.add(new Pending(0, pool.submit(
                    () -> INFLATERS.get().inflate(piece, startBit, ZERO_WINDOW, WINDOW, stopBit, softCap, false, buffers))));
        }
    }

    /** The next decoding that starts exactly at {@link #curBit}: a worker's when it does, else one of our own. */
    private Decoded nextDecoded() throws IOException {
        while (true) {
            dispatch();
            Pending head = pending.peekFirst();
            if (head == null) {
                return decodeHere(curBit + (long) chunkSize * 8);
            }
            long headEnd = (head.chunk() + 1) * chunkSize * 8;
            if (curBit >= headEnd) {
                pending.removeFirst().result().cancel(false);
                continue;
            }
            Decoded decoded = await(head.result());
            if (decoded != null && decoded.startBit() == curBit && decoded.count() > 1
                    && markersResolvable(decoded)) {
                pending.removeFirst();
                fromWorkers++;
                return decoded;
            }
            if (decoded != null && decoded.startBit() > curBit) {
                // Decode up to where that chunk's decoding starts; if we land exactly there, it is used next.
                return decodeHere(decoded.startBit());
            }
            pending.removeFirst();
            return decodeHere(headEnd);
        }
    }

    /** Starts speculative decodings of the following chunks while fewer than the bound are in flight. */
    private void dispatch() throws IOException {
        // Chunks that the committed output has already passed are of no use (and their bytes are released).
        nextChunk = Math.max(nextChunk, (curBit >>> 3) / chunkSize + 1);
        while (pending.size() < maxInFlight) {
            long chunkStart = nextChunk * chunkSize;
            readUpTo(chunkStart + chunkSize + lookahead);
            if (readEnd <= chunkStart + 16) {
                return;
            }
            Piece piece = piece(chunkStart, Math.min(readEnd, chunkStart + chunkSize + lookahead));
            long fromBit = chunkStart * 8;
            long toBit = Math.min(readEnd, chunkStart + chunkSize) * 8;
            long stopBit = (chunkStart + chunkSize) * 8;
            pending.add(new Pending(nextChunk, pool.submit(() -> speculate(piece, fromBit, toBit, stopBit))));
            nextChunk++;
        }
    }

    /**
     * A worker's guess at a chunk. Nothing it does can change the result (a guess is used only when confirmed, and
     * this thread or the sequential decoder decodes otherwise), so a failure of the guessing itself only costs the
     * guess.
     */
    private Decoded speculate(Piece piece, long fromBit, long toBit, long stopBit) {
        try {
            return BlockStartFinder.speculate(INFLATERS.get(), piece, fromBit, toBit, stopBit, softCap, buffers);
        } catch (RuntimeException e) {
            INFLATERS.remove();
            return null;
        }
    }

    /** Decodes from {@link #curBit} with the real window on this thread, to the first boundary at or past stop. */
    private Decoded decodeHere(long stopBit) throws IOException {
        long from = curBit >>> 3;
        long to = Math.max((stopBit + 7) >>> 3, from + 1) + lookahead;
        readUpTo(to);
        to = Math.min(to, readEnd);
        if (to <= from) {
            return new Decoded(curBit, Stop.INCOMPLETE, null, new long[] {curBit}, new int[] {WINDOW}, 1);
        }
        char[] known = new char[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            known[i] = (char) (window[i] & 0xFF);
        }
        int floor = (int) Math.max(0, WINDOW - curOut);
        decodedHere++;
        return own.inflate(piece(from, to), curBit, known, floor, stopBit, softCap, false, buffers);
    }

    /**
     * False when a marker points before the member's first byte, which the sequential decoder rejects ("too far
     * back"): possible only while less than 32 KiB were output.
     */
    private boolean markersResolvable(Decoded decoded) {
        if (curOut >= WINDOW) {
            return true;
        }
        int lowest = ChunkInflater.MARKER + (int) (WINDOW - curOut);
        char[] out = decoded.out();
        for (int i = WINDOW, n = decoded.lastOut(); i < n; i++) {
            if (out[i] >= ChunkInflater.MARKER && out[i] < lowest) {
                return false;
            }
        }
        return true;
    }

    /**
     * Takes a decoding that starts where the committed output ends: places its checkpoints and feeds the span
     * digests here, in order, and resolves its output to bytes on a worker. Every window needed here (checkpoints,
     * the next decoding's) is resolved on the spot from the symbols: 32 KiB each.
     */
    private void accept(Decoded decoded) throws IOException {
        byte[] lookup = lookup(window);
        char[] out = decoded.out();
        long[] bits = decoded.bits();
        int[] outEnd = decoded.outEnd();
        for (int j = 1; j < decoded.count(); j++) {
            long total = curOut + (outEnd[j] - WINDOW);
            if (total == 0 || total - lastCheckpointOut > spanSize) {
                long bit = bits[j];
                long in = (bit + 7) >>> 3;
                int unused = (int) (in * 8 - bit);
                hashTo(in);
                spans.close();
                spans.open();
                hashedUpTo = unused != 0 ? in - 1 : in;
                sink.add(new Checkpoint(in, total, unused, windowBefore(out, outEnd[j], lookup)));
                checkpointCount++;
                lastCheckpointOut = total;
            }
        }
        int lastOut = decoded.lastOut();
        curBit = decoded.lastBit();
        curOut += lastOut - WINDOW;
        window = windowBefore(out, lastOut, lookup);
        hashTo(curBit >>> 3);
        release(curBit >>> 3);
        resolving.add(pool.submit(() -> resolve(out, lastOut, lookup, buffers)));
    }

    /**
     * Symbol to byte: a literal is itself, marker {@code MARKER + i} is window byte {@code i}. One load per symbol
     * and no branch, since markers are common (runs of zeros in tar padding refer back to earlier zeros, so a
     * chunk's markers can last to its end).
     */
    private static byte[] lookup(byte[] window) {
        byte[] lookup = new byte[ChunkInflater.MARKER + WINDOW];
        for (int i = 0; i < ChunkInflater.MARKER; i++) {
            lookup[i] = (byte) i;
        }
        System.arraycopy(window, 0, lookup, ChunkInflater.MARKER, WINDOW);
        return lookup;
    }

    private static byte[] windowBefore(char[] out, int index, byte[] lookup) {
        byte[] bytes = new byte[WINDOW];
        for (int i = 0, from = index - WINDOW; i < WINDOW; i++) {
            bytes[i] = lookup[out[from + i]];
        }
        return bytes;
    }

    private static Resolved resolve(char[] out, int end, byte[] lookup, BufferPool buffers) {
        byte[] bytes = buffers.bytes(end);
        for (int i = WINDOW; i < end; i++) {
            bytes[i] = lookup[out[i]];
        }
        buffers.give(out);
        CRC32 crc = new CRC32();
        crc.update(bytes, WINDOW, end - WINDOW);
        return new Resolved(bytes, end, (int) crc.getValue());
    }

    private void handOver(boolean atStart) {
        close();
        long from = atStart ? 0 : curBit >>> 3;
        byte[] held = copy(from, readEnd, 0);
        InputStream rest = new HeldThenSource(held, source);
        handover = new Handover(atStart, curBit, curOut, window, crc, lastCheckpointOut, checkpointCount, rest);
        pages.clear();
        buffer = new byte[0];
        start = 0;
        end = 0;
    }

    /** RFC 1952 header length, or -1 when it is anything but plain and whole in what was read (sequential's case). */
    private long headerLength() {
        if (readEnd < 10 || byteAt(0) != 0x1F || byteAt(1) != 0x8B || byteAt(2) != 8 || (byteAt(3) & 0xE0) != 0) {
            return -1;
        }
        int flags = byteAt(3);
        long p = 10;
        if ((flags & 0x04) != 0) {
            if (p + 2 > readEnd) {
                return -1;
            }
            p += 2 + (byteAt(p) | byteAt(p + 1) << 8);
        }
        for (int flag : new int[] {0x08, 0x10}) {
            if ((flags & flag) != 0) {
                while (p < readEnd && byteAt(p) != 0) {
                    p++;
                }
                if (p >= readEnd) {
                    return -1;
                }
                p++;
            }
        }
        if ((flags & 0x02) != 0) {
            if (p + 2 > readEnd) {
                return -1;
            }
            CRC32 headerCrc = new CRC32();
            byte[] bytes = copy(0, p, 0);
            headerCrc.update(bytes);
            if ((headerCrc.getValue() & 0xFFFF) != (byteAt(p) | byteAt(p + 1) << 8)) {
                return -1;
            }
            p += 2;
        }
        return p > readEnd ? -1 : p;
    }

    private int byteAt(long offset) {
        return pages.get((int) (offset / chunkSize))[(int) (offset % chunkSize)] & 0xFF;
    }

    private void readUpTo(long offset) throws IOException {
        while (!eof && readEnd < offset) {
            byte[] page = new byte[chunkSize];
            int n = source.readNBytes(page, 0, chunkSize);
            if (n < chunkSize) {
                eof = true;
            }
            if (n > 0) {
                pages.add(page);
                readEnd += n;
            }
        }
    }

    private Piece piece(long from, long to) {
        return new Piece(copy(from, to, ChunkInflater.PADDING), from, (int) (to - from), eof && to == readEnd);
    }

    /** Bytes {@code [from, to)} of the stream (all read and held), with {@code padding} zeros after. */
    private byte[] copy(long from, long to, int padding) {
        byte[] bytes = new byte[Math.toIntExact(to - from + padding)];
        long at = from;
        while (at < to) {
            int page = (int) (at / chunkSize);
            int offset = (int) (at % chunkSize);
            int n = (int) Math.min(to - at, chunkSize - offset);
            System.arraycopy(pages.get(page), offset, bytes, (int) (at - from), n);
            at += n;
        }
        return bytes;
    }

    /** Feeds the open span the compressed bytes up to {@code offset}. */
    private void hashTo(long offset) {
        while (hashedUpTo < offset) {
            int page = (int) (hashedUpTo / chunkSize);
            int at = (int) (hashedUpTo % chunkSize);
            int n = (int) Math.min(offset - hashedUpTo, chunkSize - at);
            spans.update(pages.get(page), at, n);
            hashedUpTo += n;
        }
    }

    /** Drops the pages wholly before {@code offset}: nothing will read them again. */
    private void release(long offset) {
        for (int page = (int) (offset / chunkSize) - 1; page >= 0 && pages.get(page) != null; page--) {
            pages.set(page, null);
        }
    }

    /** The bytes read ahead, then the rest of the source; unlike SequenceInputStream it never closes the source. */
    private static final class HeldThenSource extends InputStream {
        private final ByteArrayInputStream held;
        private final InputStream source;

        HeldThenSource(byte[] held, InputStream source) {
            this.held = new ByteArrayInputStream(held);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            int b = held.read();
            return b >= 0 ? b : source.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = held.read(b, off, len);
            return n > 0 ? n : source.read(b, off, len);
        }
    }

    private static <T> T await(Future<T> result) throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a gzip chunk to decode");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("parallel gzip decoding failed", cause);
        }
    }
}
