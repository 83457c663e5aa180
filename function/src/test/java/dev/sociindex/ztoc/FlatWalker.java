package dev.sociindex.ztoc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A deliberately naive FlatBuffers walker for byte-level assertions, independent of the production reader:
 * it follows the wire format by hand (root uoffset at 0, soffset to the vtable, slot {@code 4 + 2*id}).
 */
final class FlatWalker {
    private final ByteBuffer b;

    FlatWalker(byte[] bytes) {
        b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int root() {
        return b.getInt(0);
    }

    int vtable(int table) {
        return table - b.getInt(table);
    }

    /** The field's offset inside its table, 0 when the vtable says it is absent. */
    int slot(int table, int id) {
        int vt = vtable(table);
        int vtLength = Short.toUnsignedInt(b.getShort(vt));
        int slot = 4 + 2 * id;
        return slot >= vtLength ? 0 : Short.toUnsignedInt(b.getShort(vt + slot));
    }

    boolean has(int table, int id) {
        return slot(table, id) != 0;
    }

    private int fieldPosition(int table, int id) {
        int slot = slot(table, id);
        if (slot == 0) {
            throw new AssertionError("field " + id + " of table at " + table + " is absent");
        }
        return table + slot;
    }

    /** Follows the uoffset stored in a field to the object it points to. */
    int ref(int table, int id) {
        int at = fieldPosition(table, id);
        return at + b.getInt(at);
    }

    long int64(int table, int id) {
        return b.getLong(fieldPosition(table, id));
    }

    int int32(int table, int id) {
        return b.getInt(fieldPosition(table, id));
    }

    byte int8(int table, int id) {
        return b.get(fieldPosition(table, id));
    }

    byte[] string(int table, int id) {
        return stringAt(ref(table, id));
    }

    byte[] stringAt(int string) {
        int length = b.getInt(string);
        return Arrays.copyOfRange(b.array(), string + 4, string + 4 + length);
    }

    int vectorLength(int table, int id) {
        return b.getInt(ref(table, id));
    }

    /** The object referenced by element i of a vector of offsets (tables or strings). */
    int element(int table, int id, int i) {
        int at = ref(table, id) + 4 + 4 * i;
        return at + b.getInt(at);
    }

    byte byteAt(int position) {
        return b.get(position);
    }
}
