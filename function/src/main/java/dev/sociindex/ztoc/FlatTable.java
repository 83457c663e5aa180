package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds-checked read access to one table of a finished flatbuffer. The generated-code style accessors of
 * {@code com.google.flatbuffers.Table} trust every offset and let garbage surface as an
 * {@code IndexOutOfBoundsException} (or a huge allocation from a bogus vector length); a zTOC comes from a
 * registry, so every offset, length and vtable entry is checked here before it is followed, and a bad one
 * becomes a {@link ZtocFormatException} naming the field path and the byte offset.
 */
final class FlatTable {
    private static final int UOFFSET_SIZE = 4;
    private static final int VTABLE_HEADER_SIZE = 4;

    private final ByteBuffer buf;
    private final String path;
    private final int position;
    private final int vtable;
    private final int vtableLength;
    private final int objectLength;

    private FlatTable(ByteBuffer buf, String path, int position, int vtable, int vtableLength, int objectLength) {
        this.buf = buf;
        this.path = path;
        this.position = position;
        this.vtable = vtable;
        this.vtableLength = vtableLength;
        this.objectLength = objectLength;
    }

    /** The root table of the flatbuffer held in {@code data} from its position to its limit (no file identifier). */
    static FlatTable root(ByteBuffer data, String rootName) throws ZtocFormatException {
        ByteBuffer buf = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (buf.limit() < UOFFSET_SIZE) {
            throw new ZtocFormatException(rootName + ": a flatbuffer of " + buf.limit()
                    + " bytes is too short to hold the 4-byte root offset");
        }
        return at(buf, rootName, uoffset(buf, 0));
    }

    private static FlatTable at(ByteBuffer buf, String path, long position) throws ZtocFormatException {
        requireRange(buf, path, "table", position, UOFFSET_SIZE);
        int pos = (int) position;
        long vtable = (long) pos - buf.getInt(pos);
        requireRange(buf, path, "vtable", vtable, VTABLE_HEADER_SIZE);
        int vt = (int) vtable;
        int vtableLength = Short.toUnsignedInt(buf.getShort(vt));
        int objectLength = Short.toUnsignedInt(buf.getShort(vt + 2));
        if (vtableLength < VTABLE_HEADER_SIZE || vtableLength % 2 != 0) {
            throw new ZtocFormatException(path + ": vtable at offset " + vt + " declares an invalid length of "
                    + vtableLength + " bytes");
        }
        requireRange(buf, path, "vtable", vt, vtableLength);
        if (objectLength < UOFFSET_SIZE) {
            throw new ZtocFormatException(path + ": vtable at offset " + vt + " declares a table of only "
                    + objectLength + " bytes");
        }
        requireRange(buf, path, "table", pos, objectLength);
        return new FlatTable(buf, path, pos, vt, vtableLength, objectLength);
    }

    String path() {
        return path;
    }

    /** Absolute offset of a present field whose inline value is {@code width} bytes, or -1 when it is absent. */
    private int field(int id, int width, String name) throws ZtocFormatException {
        int slot = VTABLE_HEADER_SIZE + 2 * id;
        if (slot + 2 > vtableLength) {
            return -1;
        }
        int fieldOffset = Short.toUnsignedInt(buf.getShort(vtable + slot));
        if (fieldOffset == 0) {
            return -1;
        }
        if (fieldOffset + width > objectLength) {
            throw new ZtocFormatException(path + "." + name + ": field at table offset " + position + " + "
                    + fieldOffset + " lies outside its " + objectLength + "-byte table");
        }
        return position + fieldOffset;
    }

    long int64(int id, String name) throws ZtocFormatException {
        int at = field(id, Long.BYTES, name);
        return at < 0 ? 0L : buf.getLong(at);
    }

    int int32(int id, String name) throws ZtocFormatException {
        int at = field(id, Integer.BYTES, name);
        return at < 0 ? 0 : buf.getInt(at);
    }

    byte int8(int id, String name, byte defaultValue) throws ZtocFormatException {
        int at = field(id, Byte.BYTES, name);
        return at < 0 ? defaultValue : buf.get(at);
    }

    /** A string field as raw bytes; an absent string reads as empty, as Go's generated accessors return nil. */
    RawBytes string(int id, String name) throws ZtocFormatException {
        int at = field(id, UOFFSET_SIZE, name);
        return at < 0 ? RawBytes.EMPTY : stringAt(at, path + "." + name);
    }

    /** A {@code [ubyte]} field; absent reads as empty. */
    byte[] bytes(int id, String name) throws ZtocFormatException {
        int at = field(id, UOFFSET_SIZE, name);
        if (at < 0) {
            return new byte[0];
        }
        String where = path + "." + name;
        int start = vectorStart(at, 1, where);
        byte[] out = new byte[buf.getInt(start - UOFFSET_SIZE)];
        buf.get(start, out);
        return out;
    }

    /** A table field that must be present: Go's reader panics (and so rejects the zTOC) without it. */
    FlatTable requiredTable(int id, String name) throws ZtocFormatException {
        int at = field(id, UOFFSET_SIZE, name);
        if (at < 0) {
            throw new ZtocFormatException(path + "." + name + ": required table is missing");
        }
        return at(buf, path + "." + name, at + uoffset(buf, at));
    }

    /** A {@code [Table]} field; absent reads as empty. */
    List<FlatTable> tables(int id, String name) throws ZtocFormatException {
        int at = field(id, UOFFSET_SIZE, name);
        if (at < 0) {
            return List.of();
        }
        int start = vectorStart(at, UOFFSET_SIZE, path + "." + name);
        int count = buf.getInt(start - UOFFSET_SIZE);
        List<FlatTable> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int element = start + i * UOFFSET_SIZE;
            out.add(at(buf, path + "." + name + "[" + i + "]", element + uoffset(buf, element)));
        }
        return out;
    }

    /** A {@code [string]} field; absent reads as empty. */
    List<RawBytes> strings(int id, String name) throws ZtocFormatException {
        int at = field(id, UOFFSET_SIZE, name);
        if (at < 0) {
            return List.of();
        }
        int start = vectorStart(at, UOFFSET_SIZE, path + "." + name);
        int count = buf.getInt(start - UOFFSET_SIZE);
        List<RawBytes> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(stringAt(start + i * UOFFSET_SIZE, path + "." + name + "[" + i + "]"));
        }
        return out;
    }

    /** Follows the uoffset stored at {@code at} to a vector; checks its elements fit; returns their start. */
    private int vectorStart(int at, int elementSize, String where) throws ZtocFormatException {
        long vector = at + uoffset(buf, at);
        requireRange(buf, where, "vector length", vector, UOFFSET_SIZE);
        long count = Integer.toUnsignedLong(buf.getInt((int) vector));
        requireRange(buf, where, "vector of " + count + " elements", vector + UOFFSET_SIZE, count * elementSize);
        return (int) vector + UOFFSET_SIZE;
    }

    private RawBytes stringAt(int at, String where) throws ZtocFormatException {
        long string = at + uoffset(buf, at);
        requireRange(buf, where, "string length", string, UOFFSET_SIZE);
        long length = Integer.toUnsignedLong(buf.getInt((int) string));
        // Every FlatBuffers builder writes a NUL after the bytes; its absence means a cut or corrupt buffer.
        requireRange(buf, where, "string of " + length + " bytes", string + UOFFSET_SIZE, length + 1);
        int start = (int) string + UOFFSET_SIZE;
        if (buf.get(start + (int) length) != 0) {
            throw new ZtocFormatException(where + ": string at offset " + string + " lacks its NUL terminator");
        }
        if (buf.hasArray()) {
            return RawBytes.copyOf(buf.array(), buf.arrayOffset() + start, (int) length);
        }
        byte[] bytes = new byte[(int) length];
        buf.get(start, bytes);
        return RawBytes.copyOf(bytes);
    }

    private static long uoffset(ByteBuffer buf, int at) {
        return Integer.toUnsignedLong(buf.getInt(at));
    }

    private static void requireRange(ByteBuffer buf, String path, String what, long start, long length)
            throws ZtocFormatException {
        if (start < 0 || start + length > buf.limit()) {
            throw new ZtocFormatException(path + ": " + what + " at offset " + start + " (" + length
                    + " bytes) lies outside the " + buf.limit() + "-byte buffer");
        }
    }
}
