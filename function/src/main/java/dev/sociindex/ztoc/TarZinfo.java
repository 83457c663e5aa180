package dev.sociindex.ztoc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.sociindex.ztoc.ZtocSchema.TarZinfoTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code zinfo.TarZinfo} flatbuffer an uncompressed layer stores in {@code CompressionInfo.checkpoints}
 * (spec 2.5): no checkpoints, just fixed-size spans over the raw tar, so compressed and uncompressed offsets are
 * the same.
 *
 * @param version  2 when written by this project or Go; not checked on reading (Go does not check it either)
 * @param spanSize bytes per span, positive
 * @param size     the layer blob's size
 */
public record TarZinfo(int version, long spanSize, long size) {
    /** Go writes the same version number as its gzip zinfo. */
    public static final int VERSION = 2;

    public TarZinfo {
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        if (size < 0) {
            throw new IllegalArgumentException("layer size must not be negative, was " + size);
        }
    }

    public static TarZinfo of(long spanSize, long size) {
        return new TarZinfo(VERSION, spanSize, size);
    }

    public byte[] encode() {
        FlatBufferBuilder builder = new FlatBufferBuilder(64);
        builder.startTable(TarZinfoTable.FIELDS);
        builder.addInt(TarZinfoTable.VERSION, version, 0);
        builder.addLong(TarZinfoTable.SPAN_SIZE, spanSize, 0L);
        builder.addLong(TarZinfoTable.SIZE, size, 0L);
        builder.finish(builder.endTable());
        return builder.sizedByteArray();
    }

    public static TarZinfo decode(byte[] bytes) throws ZtocFormatException {
        FlatTable table = FlatTable.root(ByteBuffer.wrap(bytes), "TarZinfo");
        int version = table.int32(TarZinfoTable.VERSION, "version");
        long spanSize = table.int64(TarZinfoTable.SPAN_SIZE, "span_size");
        long size = table.int64(TarZinfoTable.SIZE, "size");
        try {
            return new TarZinfo(version, spanSize, size);
        } catch (IllegalArgumentException e) {
            // Go would divide by a zero span size or index negative offsets: reject instead.
            throw new ZtocFormatException("TarZinfo: " + e.getMessage());
        }
    }

    public long maxSpanId() {
        return maxSpanId(size, spanSize);
    }

    public List<SpanRange> spans() {
        return spanRanges(size, spanSize);
    }

    /**
     * Go's {@code TarZinfo.MaxSpanID}: {@code size/span - (size%span == 0 ? 1 : 0)}. For an empty layer this is
     * -1, meaning no spans at all (and zero span digests); we keep Go's value rather than invent a span 0 over
     * zero bytes, so that a zTOC written from it agrees with the snapshotter's recomputation.
     */
    public static long maxSpanId(long size, long spanSize) {
        if (spanSize <= 0 || size < 0) {
            throw new IllegalArgumentException("need a positive span size and a non-negative size, got span "
                    + spanSize + " and size " + size);
        }
        return size / spanSize - (size % spanSize == 0 ? 1 : 0);
    }

    /** Span i is {@code [i*span, min((i+1)*span, size))}; there are {@code maxSpanId + 1} of them. */
    public static List<SpanRange> spanRanges(long size, long spanSize) {
        long count = maxSpanId(size, spanSize) + 1;
        List<SpanRange> spans = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE - 8));
        for (long i = 0; i < count; i++) {
            long start = i * spanSize;
            spans.add(new SpanRange(start, size - start <= spanSize ? size : start + spanSize));
        }
        return spans;
    }
}
