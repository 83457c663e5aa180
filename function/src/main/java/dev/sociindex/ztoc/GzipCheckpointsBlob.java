package dev.sociindex.ztoc;

import dev.sociindex.gzip.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The gzip checkpoints blob stored in {@code CompressionInfo.checkpoints} (spec 2.2), little-endian:
 * {@code int32 count, int64 span_size}, then per checkpoint {@code int64 in, int64 out, uint8 bits} and its
 * 32768-byte window. This class writes the current layout (v2, every checkpoint stored) and also reads the legacy
 * v1 layout, which omits checkpoint 0 and implies it as {@code in=10, out=0, bits=0} with a zero window. As in the
 * snapshotter's C reader, the two are told apart by length alone.
 *
 * @param spanSize    the span size the checkpoints were placed with (uncompressed bytes)
 * @param checkpoints checkpoint 0 first
 */
public record GzipCheckpointsBlob(long spanSize, List<Checkpoint> checkpoints) {
    static final int HEADER_SIZE = 4 + 8;
    static final int RECORD_SIZE = 8 + 8 + 1 + Checkpoint.WINDOW_SIZE;
    /** Where v1 assumed checkpoint 0 sits: just after a minimal 10-byte gzip header. */
    private static final long V1_IMPLIED_IN = 10;

    public GzipCheckpointsBlob {
        checkpoints = List.copyOf(checkpoints);
    }

    /** Exact v2 length for {@code count} checkpoints: {@code 12 + 32785 * count}. */
    public static long encodedSize(long count) {
        return HEADER_SIZE + RECORD_SIZE * count;
    }

    public int encodedSize() {
        long size = encodedSize(checkpoints.size());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(checkpoints.size() + " checkpoints need " + size
                    + " bytes, beyond what one zTOC can hold");
        }
        return (int) size;
    }

    public byte[] encode() {
        byte[] out = new byte[encodedSize()];
        writeTo(ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Writes the v2 blob at {@code destination}'s position and advances it by {@link #encodedSize()}, leaving the
     * buffer's byte order alone; lets a caller place the blob straight into a larger buffer without a copy.
     */
    public void writeTo(ByteBuffer destination) {
        int size = encodedSize();
        ByteBuffer out = destination.slice(destination.position(), size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(checkpoints.size());
        out.putLong(spanSize);
        for (Checkpoint c : checkpoints) {
            out.putLong(c.in());
            out.putLong(c.out());
            out.put((byte) c.bits());
            out.put(c.window());
        }
        destination.position(destination.position() + size);
    }

    public static GzipCheckpointsBlob decode(byte[] blob) throws ZtocFormatException {
        if (blob.length < HEADER_SIZE) {
            throw new ZtocFormatException("gzip checkpoints blob of " + blob.length
                    + " bytes is shorter than its " + HEADER_SIZE + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt();
        long spanSize = in.getLong();
        long v2Size = encodedSize(count);
        boolean v1 = count > 0 && blob.length == v2Size - RECORD_SIZE;
        if (count < 0 || (blob.length != v2Size && !v1)) {
            throw new ZtocFormatException("gzip checkpoints blob of " + blob.length + " bytes does not match its"
                    + " checkpoint count " + count + " at offset 0: expected " + v2Size + " bytes (v2)"
                    + (count > 0 ? " or " + (v2Size - RECORD_SIZE) + " bytes (v1)" : ""));
        }
        List<Checkpoint> checkpoints = new ArrayList<>(count);
        if (v1) {
            checkpoints.add(new Checkpoint(V1_IMPLIED_IN, 0, 0, new byte[Checkpoint.WINDOW_SIZE]));
        }
        while (in.hasRemaining()) {
            int recordOffset = in.position();
            long compressed = in.getLong();
            long uncompressed = in.getLong();
            int bits = Byte.toUnsignedInt(in.get());
            if (bits > 7) {
                throw new ZtocFormatException("gzip checkpoints blob: checkpoint " + checkpoints.size()
                        + " has bits=" + bits + " (must be 0..7) at offset " + (recordOffset + 16));
            }
            byte[] window = new byte[Checkpoint.WINDOW_SIZE];
            in.get(window);
            checkpoints.add(new Checkpoint(compressed, uncompressed, bits, window));
        }
        return new GzipCheckpointsBlob(spanSize, checkpoints);
    }
}
