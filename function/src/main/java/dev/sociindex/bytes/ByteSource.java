package dev.sociindex.bytes;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bytes of a known length that can be read more than once (a digest pass, then an upload, then a retried upload),
 * wherever they are held: in memory, in a file, or as a sequence of such parts. Closing releases what the source
 * owns (a spill file is deleted); a closed source keeps its {@link #size()} but cannot be opened.
 */
public interface ByteSource extends Closeable {

    long size();

    /** A fresh stream over all the bytes, from the first. */
    InputStream open() throws IOException;

    /** Copies all the bytes to {@code out}; returns how many. */
    default long writeTo(OutputStream out) throws IOException {
        try (InputStream in = open()) {
            return in.transferTo(out);
        }
    }

    /** All the bytes in one array: for sources known to be small (configs, tests). */
    default byte[] readAllBytes() throws IOException {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(size() + " bytes do not fit in one array");
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    @Override
    default void close() throws IOException {
    }

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** The bytes between the buffer's position and limit, read without copying; the buffer must not change. */
    static ByteSource of(ByteBuffer buffer) {
        ByteBuffer view = buffer.slice();
        return new ByteSource() {
            @Override
            public long size() {
                return view.remaining();
            }

            @Override
            public InputStream open() {
                ByteBuffer reading = view.duplicate();
                return new InputStream() {
                    @Override
                    public int read() {
                        return reading.hasRemaining() ? reading.get() & 0xFF : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (len == 0) {
                            return 0;
                        }
                        if (!reading.hasRemaining()) {
                            return -1;
                        }
                        int n = Math.min(len, reading.remaining());
                        reading.get(b, off, n);
                        return n;
                    }
                };
            }
        };
    }

    /** The parts one after the other; closing closes every part. */
    static ByteSource concat(List<ByteSource> parts) {
        List<ByteSource> all = List.copyOf(parts);
        long size = all.stream().mapToLong(ByteSource::size).sum();
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                List<InputStream> streams = new ArrayList<>(all.size());
                try {
                    for (ByteSource part : all) {
                        streams.add(part.open());
                    }
                } catch (IOException | RuntimeException e) {
                    for (InputStream opened : streams) {
                        opened.close();
                    }
                    throw e;
                }
                return new SequenceInputStream(Collections.enumeration(streams));
            }

            @Override
            public void close() throws IOException {
                IOException first = null;
                for (ByteSource part : all) {
                    try {
                        part.close();
                    } catch (IOException e) {
                        if (first == null) {
                            first = e;
                        }
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        };
    }
}
