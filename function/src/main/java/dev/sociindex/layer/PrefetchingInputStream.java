package dev.sociindex.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a separate daemon thread into a few large buffers, so that the source's own work (network or
 * disk reads, and whatever hashing a wrapping stream does, such as the blob digest) overlaps the consumer's work
 * (inflating). At most {@code bufferCount} buffers of {@code bufferSize} bytes exist at a time.
 *
 * <p>An exception thrown by the source reaches the consumer unchanged (same object, type and message), after all
 * bytes read before it. Closing this stream stops the reader: it is interrupted, the source is closed if the reader
 * has not finished with it (the only way to release a blocked network read), and {@code close} waits for it.
 */
final class PrefetchingInputStream extends InputStream {
    /** How long {@link #close} waits for a reader that ignores both interruption and the closing of its source. */
    private static final long READER_STOP_MILLIS = 10_000;

    /** What the reader hands over: a filled buffer, the end, or the source's failure. */
    private sealed interface Chunk {
    }

    private record Data(byte[] bytes, int length) implements Chunk {
    }

    private record End() implements Chunk {
    }

    private record Failure(Throwable error) implements Chunk {
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> filled;
    /** Buffers the consumer has finished with, for the reader to fill again. */
    private final BlockingQueue<byte[]> free;
    private final Thread reader;

    private Data current;
    private int currentPos;
    /** The last chunk once it is End or Failure; every later read repeats it. */
    private Chunk terminal;
    private boolean closed;

    /**
     * @param source      the stream to read ahead of the consumer; read only by the reader thread
     * @param bufferCount buffers in flight (at least 2: one being read, one being filled)
     * @param bufferSize  bytes per buffer
     * @param threadName  name of the reader thread, for thread dumps
     */
    PrefetchingInputStream(InputStream source, int bufferCount, int bufferSize, String threadName) {
        if (bufferCount < 2 || bufferSize < 1) {
            throw new IllegalArgumentException("need at least 2 buffers of at least 1 byte, got " + bufferCount + " of " + bufferSize);
        }
        this.source = Objects.requireNonNull(source, "source");
        // One slot more than buffers, so the reader can always queue its terminal chunk without waiting.
        this.filled = new ArrayBlockingQueue<>(bufferCount + 1);
        this.free = new ArrayBlockingQueue<>(bufferCount);
        for (int i = 0; i < bufferCount; i++) {
            free.add(new byte[bufferSize]);
        }
        this.reader = Thread.ofPlatform().daemon().name(threadName).unstarted(this::readAhead);
        reader.start();
    }

    @Override
    public int read() throws IOException {
        if (!ensureData()) {
            return -1;
        }
        return current.bytes()[currentPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!ensureData()) {
            return -1;
        }
        int n = Math.min(len, current.length() - currentPos);
        System.arraycopy(current.bytes(), currentPos, b, off, n);
        currentPos += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length() - currentPos;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        boolean readerDone = terminal != null;
        if (!readerDone) {
            // Unblocks a reader stuck in the source's read; the source is abandoned anyway.
            source.close();
        }
        try {
            reader.join(READER_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when {@link #current} has unread bytes; false at the end; throws the source's failure. */
    private boolean ensureData() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (current == null || currentPos == current.length()) {
            if (terminal != null) {
                return deliver(terminal);
            }
            if (current != null) {
                free.add(current.bytes());
                current = null;
            }
            Chunk next;
            try {
                next = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the layer blob");
            }
            if (next instanceof Data data) {
                current = data;
                currentPos = 0;
            } else {
                terminal = next;
            }
        }
        return true;
    }

    private static boolean deliver(Chunk terminal) throws IOException {
        if (terminal instanceof Failure failure) {
            switch (failure.error()) {
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IOException(failure.error());
            }
        }
        return false;
    }

    /** The reader thread: fills free buffers until the source ends or fails, or the consumer closes. */
    private void readAhead() {
        try {
            while (true) {
                byte[] buffer = free.take();
                int length = 0;
                Throwable failure = null;
                try {
                    while (length < buffer.length) {
                        int n = source.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            break;
                        }
                        length += n;
                    }
                } catch (Throwable e) {
                    failure = e;
                }
                // Bytes read before a failure or the end still go first, so the consumer sees them in order.
                if (length > 0) {
                    filled.put(new Data(buffer, length));
                }
                if (failure != null || length < buffer.length) {
                    // Never blocks: at most bufferCount data chunks exist, and this is the only terminal one.
                    filled.add(failure != null ? new Failure(failure) : new End());
                    return;
                }
            }
        } catch (InterruptedException e) {
            // The consumer closed the stream; nobody reads what is left.
        }
    }
}
