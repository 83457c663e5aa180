package dev.sociindex.verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Measures a gzip member header (RFC 1952 2.3) in a channel, to step over it between members. */
final class GzipHeaderSkipper {
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private GzipHeaderSkipper() {
    }

    /** The header's length in bytes, starting at channel position {@code start}. */
    static long length(FileChannel data, long start, String layer, long dataStart) throws IOException {
        Reader in = new Reader(data, start, layer, dataStart);
        if (in.next() != 0x1f || in.next() != 0x8b || in.next() != 8) {
            throw new IOException(layer + ": no gzip member header at layer offset " + (start + dataStart));
        }
        int flags = in.next();
        in.skip(6);
        if ((flags & FEXTRA) != 0) {
            in.skip(in.next() | in.next() << 8);
        }
        if ((flags & FNAME) != 0) {
            while (in.next() != 0) {
                // the member's file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (in.next() != 0) {
                // the member's comment
            }
        }
        if ((flags & FHCRC) != 0) {
            in.skip(2);
        }
        return in.position - start;
    }

    private static final class Reader {
        private final FileChannel data;
        private final String layer;
        private final long dataStart;
        private final ByteBuffer one = ByteBuffer.allocate(1);
        private long position;

        Reader(FileChannel data, long position, String layer, long dataStart) {
            this.data = data;
            this.position = position;
            this.layer = layer;
            this.dataStart = dataStart;
        }

        int next() throws IOException {
            one.clear();
            if (data.read(one, position) != 1) {
                throw new IOException(layer + ": gzip member header cut off at layer offset " + (position + dataStart));
            }
            position++;
            return Byte.toUnsignedInt(one.get(0));
        }

        void skip(int n) {
            position += n;
        }
    }
}
