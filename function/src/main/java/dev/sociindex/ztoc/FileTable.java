package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A layer's TOC held compactly while its zTOC is built: each entry encoded into shared byte chunks (varints, names
 * as their bytes, user and group names and modification times as indexes into small tables of the values seen), and
 * decoded into a {@link FileMetadata} each time one is asked for. A layer of 200,000 small files takes about 80 bytes
 * an entry here instead of about 340 as objects, and the TOC is the one part of a zTOC build that grows with the
 * layer; the FlatBuffers tables written from it come on top. Immutable once built.
 */
public final class FileTable extends AbstractList<FileMetadata> implements RandomAccess {
    private static final String[] TYPES = {"reg", "dir", "symlink", "hardlink", "char", "block", "fifo"};
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int CHUNK_SHIFT = 32;

    private final List<byte[]> chunks;
    /** Per entry: chunk index in the high 32 bits, position in that chunk in the low. */
    private final long[] starts;
    private final int size;
    private final List<RawBytes> owners;
    private final List<String> times;
    private final long writtenBytesBound;

    private FileTable(Builder builder) {
        this.writtenBytesBound = builder.writtenBytesBound;
        this.chunks = List.copyOf(builder.chunks);
        this.starts = Arrays.copyOf(builder.starts, builder.size);
        this.size = builder.size;
        this.owners = List.copyOf(builder.owners.values);
        this.times = List.copyOf(builder.times.values);
    }

    @Override
    public int size() {
        return size;
    }

    /** The sum of {@link ZtocWriter#writtenBytesBound} over the entries. */
    long writtenBytesBound() {
        return writtenBytesBound;
    }

    @Override
    public FileMetadata get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + size);
        }
        Reader in = new Reader(chunks.get((int) (starts[index] >>> CHUNK_SHIFT)), (int) starts[index]);
        RawBytes name = in.bytes();
        String type = TYPES[in.bits()];
        long offset = in.number();
        long fileSize = in.number();
        RawBytes linkName = in.bytes();
        long mode = in.number();
        long uid = in.number();
        long gid = in.number();
        RawBytes userName = in.shared(owners);
        RawBytes groupName = in.shared(owners);
        int time = in.bits();
        String modTime = time > 0 ? times.get(time - 1) : in.bytes().utf8String();
        long devMajor = in.number();
        long devMinor = in.number();
        int xattrCount = in.bits();
        List<Xattr> xattrs = xattrCount == 0 ? List.of() : new ArrayList<>(xattrCount);
        for (int i = 0; i < xattrCount; i++) {
            xattrs.add(new Xattr(in.bytes(), in.bytes()));
        }
        return new FileMetadata(name, type, offset, fileSize, linkName, mode, uid, gid, userName, groupName, modTime,
                devMajor, devMinor, xattrs);
    }

    /** Collects entries in order; {@link #build} freezes them. */
    public static final class Builder {
        private final List<byte[]> chunks = new ArrayList<>();
        private long[] starts = new long[1024];
        private int size;
        private final Interned<RawBytes> owners = new Interned<>();
        private final Interned<String> times = new Interned<>();
        private final Writer out = new Writer();
        private int chunkUsed;
        private long writtenBytesBound;

        public int size() {
            return size;
        }

        public Builder add(FileMetadata file) {
            int type = typeCode(file.type());
            out.reset();
            out.bytes(file.name());
            out.bits(type);
            out.number(file.uncompressedOffset());
            out.number(file.uncompressedSize());
            out.bytes(file.linkName());
            out.number(file.mode());
            out.number(file.uid());
            out.number(file.gid());
            out.shared(owners, file.userName());
            out.shared(owners, file.groupName());
            int time = times.indexOf(file.modTime());
            out.bits(time);
            if (time == 0) {
                out.bytes(RawBytes.utf8(file.modTime()));
            }
            out.number(file.devMajor());
            out.number(file.devMinor());
            out.bits(file.xattrs().size());
            for (Xattr xattr : file.xattrs()) {
                out.bytes(xattr.key());
                out.bytes(xattr.value());
            }
            place(out.buffer, out.length);
            writtenBytesBound += ZtocWriter.writtenBytesBound(file);
            return this;
        }

        private static int typeCode(String type) {
            return switch (type) {
                case "reg" -> 0;
                case "dir" -> 1;
                case "symlink" -> 2;
                case "hardlink" -> 3;
                case "char" -> 4;
                case "block" -> 5;
                case "fifo" -> 6;
                default -> throw new IllegalArgumentException("not a zTOC entry type: " + type);
            };
        }

        public FileTable build() {
            if (!chunks.isEmpty()) {
                // a small layer's entries need not keep a whole chunk
                chunks.set(chunks.size() - 1, Arrays.copyOf(chunks.getLast(), chunkUsed));
            }
            return new FileTable(this);
        }

        /** Appends one encoded entry: into the last chunk if it fits, else into a new one (of its own if large). */
        private void place(byte[] encoded, int length) {
            byte[] chunk = chunks.isEmpty() ? null : chunks.getLast();
            int used = chunk == null ? 0 : chunkUsed;
            if (chunk == null || used + length > chunk.length) {
                chunk = new byte[Math.max(CHUNK_BYTES, length)];
                chunks.add(chunk);
                used = 0;
            }
            System.arraycopy(encoded, 0, chunk, used, length);
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size + (size >> 1));
            }
            starts[size++] = ((long) (chunks.size() - 1) << CHUNK_SHIFT) | used;
            chunkUsed = used + length;
        }
    }

    /**
     * Values seen often (owners, times), numbered from 1 in the order first seen; at most {@link #LIMIT} of them, so
     * that a layer where every value differs stores them inline instead of growing a table as large as the TOC.
     */
    private static final class Interned<T> {
        private static final int LIMIT = 4096;
        private final Map<T, Integer> numbers = new HashMap<>();
        private final List<T> values = new ArrayList<>();

        /** The value's number, or 0 when it is not in the table and the table is full. */
        int indexOf(T value) {
            Integer known = numbers.get(value);
            if (known != null) {
                return known;
            }
            if (values.size() == LIMIT) {
                return 0;
            }
            values.add(value);
            numbers.put(value, values.size());
            return values.size();
        }
    }

    private static final class Writer {
        private byte[] buffer = new byte[256];
        private int length;

        void reset() {
            length = 0;
        }

        /** A non-negative int, as an unsigned varint. */
        void bits(int value) {
            unsigned(value & 0xffffffffL);
        }

        /** Any long, zigzag-encoded so that small negative values stay short too. */
        void number(long value) {
            unsigned((value << 1) ^ (value >> 63));
        }

        void bytes(RawBytes value) {
            bits(value.length());
            ensure(value.length());
            value.copyTo(buffer, length);
            length += value.length();
        }

        void shared(Interned<RawBytes> table, RawBytes value) {
            int number = table.indexOf(value);
            bits(number);
            if (number == 0) {
                bytes(value);
            }
        }

        private void unsigned(long value) {
            ensure(10);
            while ((value & ~0x7fL) != 0) {
                buffer[length++] = (byte) ((value & 0x7f) | 0x80);
                value >>>= 7;
            }
            buffer[length++] = (byte) value;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }

    private static final class Reader {
        private final byte[] chunk;
        private int at;

        Reader(byte[] chunk, int at) {
            this.chunk = chunk;
            this.at = at;
        }

        int bits() {
            return (int) unsigned();
        }

        long number() {
            long zigzag = unsigned();
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }

        RawBytes bytes() {
            int length = bits();
            RawBytes value = RawBytes.copyOf(chunk, at, length);
            at += length;
            return value;
        }

        RawBytes shared(List<RawBytes> table) {
            int number = bits();
            return number > 0 ? table.get(number - 1) : bytes();
        }

        private long unsigned() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = chunk[at++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }
    }
}
