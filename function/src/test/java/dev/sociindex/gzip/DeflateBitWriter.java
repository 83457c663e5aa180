package dev.sociindex.gzip;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/** Writes hand-made deflate streams (LSB-first bits, fixed Huffman codes) for malformed-input tests. */
final class DeflateBitWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long bitBuffer;
    private int bitCount;

    DeflateBitWriter bits(int value, int count) {
        bitBuffer |= (long) value << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            bytes.write((int) bitBuffer & 0xFF);
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
        return this;
    }

    /** A Huffman code, which deflate stores most-significant bit first. */
    DeflateBitWriter code(int code, int length) {
        return bits(Integer.reverse(code) >>> (32 - length), length);
    }

    DeflateBitWriter fixedBlockHeader(boolean last) {
        return bits(last ? 1 : 0, 1).bits(1, 2);
    }

    DeflateBitWriter fixedLiteral(int value) {
        return value < 144 ? code(0x30 + value, 8) : code(0x190 + value - 144, 9);
    }

    DeflateBitWriter fixedEndOfBlock() {
        return code(0, 7);
    }

    /** A match of length 3 (code 257) at a distance 1..4 (codes 0..3, no extra bits). */
    DeflateBitWriter fixedMatchOfThree(int distance) {
        return code(1, 7).code(distance - 1, 5);
    }

    DeflateBitWriter alignToByte() {
        return bitCount == 0 ? this : bits(0, 8 - bitCount);
    }

    byte[] toByteArray() {
        alignToByte();
        return bytes.toByteArray();
    }

    /** Wraps a raw deflate body in a minimal gzip header and a correct trailer for {@code uncompressed}. */
    static byte[] gzipMember(byte[] deflate, byte[] uncompressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3});
        out.writeBytes(deflate);
        CRC32 crc = new CRC32();
        crc.update(uncompressed);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, uncompressed.length);
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i) & 0xFF);
        }
    }
}
