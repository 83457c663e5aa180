package dev.sociindex.verify;

import dev.sociindex.gzip.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Resumes inflation at a checkpoint the way the snapshotter does, but with zlib through
 * {@link java.util.zip.Inflater}, so that verification is independent of the inflater that placed the checkpoints.
 *
 * <p>Java's Inflater has no {@code inflatePrime}, so a checkpoint inside a byte (bits != 0) is reached by putting
 * deflate blocks that produce no output in front of the span: their total length is chosen so that the span's first
 * bit lands at the same position within its byte as in the layer. The original bytes then follow unchanged, which
 * matters because stored blocks pad to the original byte boundaries. Empty fixed-Huffman blocks are 10 bits long; an
 * empty dynamic block built below is 95 bits; together they reach every residue modulo 8.
 */
final class CheckpointResumer {
    private static final int CHUNK = 64 * 1024;

    private CheckpointResumer() {
    }

    /**
     * Inflates up to {@code length} bytes starting at the checkpoint. Fewer come back when the gzip member ends
     * first (the next member's bytes belong to the next span's own check).
     */
    static byte[] resume(FileChannel blob, Checkpoint checkpoint, int length) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(checkpoint.window());
            byte[] output = new byte[length];
            int produced = 0;
            long position = checkpoint.spanStart();
            boolean first = true;
            while (produced < length && !inflater.finished()) {
                if (inflater.needsInput()) {
                    ByteBuffer raw = ByteBuffer.allocate(CHUNK);
                    int n = blob.read(raw, position);
                    if (n <= 0) {
                        break;
                    }
                    position += n;
                    byte[] bytes = Arrays.copyOf(raw.array(), n);
                    inflater.setInput(first && checkpoint.bits() != 0 ? withAlignmentPrefix(bytes, checkpoint.bits()) : bytes);
                    first = false;
                }
                try {
                    produced += inflater.inflate(output, produced, length - produced);
                } catch (DataFormatException e) {
                    throw new IOException("zlib cannot resume at checkpoint (in=" + checkpoint.in() + ", bits=" + checkpoint.bits()
                            + ", out=" + checkpoint.out() + "): " + e.getMessage(), e);
                }
            }
            return produced == length ? output : Arrays.copyOf(output, produced);
        } finally {
            inflater.end();
        }
    }

    /**
     * The span's first byte holds {@code bits} useful high bits; its low {@code 8 - bits} bits are replaced by the
     * tail of the empty blocks, whose total length is congruent to {@code 8 - bits} modulo 8.
     */
    static byte[] withAlignmentPrefix(byte[] span, int bits) {
        int lowBits = 8 - bits;
        BitWriter prefix = new BitWriter();
        int emptyFixedBlocks;
        if (lowBits % 2 == 1) {
            writeEmptyDynamicBlock(prefix); // 95 bits, 7 modulo 8
            emptyFixedBlocks = ((lowBits - 7) / 2 + 4) % 4;
        } else {
            emptyFixedBlocks = lowBits / 2;
        }
        for (int i = 0; i < emptyFixedBlocks; i++) {
            writeEmptyFixedBlock(prefix);
        }
        if (prefix.bitCount() % 8 != lowBits) {
            throw new IllegalStateException("alignment prefix of " + prefix.bitCount() + " bits for bits=" + bits);
        }
        byte[] head = prefix.toByteArrayWithPartial();
        byte[] result = new byte[head.length - 1 + span.length];
        System.arraycopy(head, 0, result, 0, head.length - 1);
        int mask = (1 << lowBits) - 1;
        result[head.length - 1] = (byte) ((head[head.length - 1] & mask) | (span[0] & ~mask));
        System.arraycopy(span, 1, result, head.length, span.length - 1);
        return result;
    }

    /** BFINAL=0, BTYPE=01, then the fixed code of end-of-block (seven zero bits): 10 bits, no output. */
    private static void writeEmptyFixedBlock(BitWriter out) {
        out.bits(0, 1);
        out.bits(1, 2);
        out.huffman(0, 7);
    }

    /**
     * BFINAL=0, BTYPE=10 with 257 literal/length lengths (only end-of-block has a code, of length 1), one distance
     * length (zero: no distance codes) and all 19 code-length-code lengths; no output. 95 bits.
     */
    private static void writeEmptyDynamicBlock(BitWriter out) {
        out.bits(0, 1);
        out.bits(2, 2);
        out.bits(0, 5);  // HLIT: 257 literal/length codes
        out.bits(0, 5);  // HDIST: 1 distance code
        out.bits(15, 4); // HCLEN: 19 code-length codes
        // Code-length code lengths in the deflate order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1,15:
        // symbol 18 gets length 1 (code 0), symbols 0 and 1 get length 2 (codes 10 and 11).
        int[] order = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
        for (int symbol : order) {
            out.bits(symbol == 18 ? 1 : symbol == 0 || symbol == 1 ? 2 : 0, 3);
        }
        out.huffman(0b0, 1);   // 18: repeat zero 11 + 127 = 138 times
        out.bits(127, 7);
        out.huffman(0b0, 1);   // 18: repeat zero 11 + 107 = 118 times (256 zeros in all)
        out.bits(107, 7);
        out.huffman(0b11, 2);  // 1: symbol 256 (end of block) has length 1
        out.huffman(0b10, 2);  // 0: the one distance length is zero
        out.huffman(0b0, 1);   // end of block
    }

    /** Writes deflate's LSB-first bit stream; Huffman codes go most significant bit first. */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int current;
        private int used;
        private int count;

        void bits(int value, int length) {
            for (int i = 0; i < length; i++) {
                bit((value >>> i) & 1);
            }
        }

        void huffman(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bit((code >>> i) & 1);
            }
        }

        private void bit(int bit) {
            current |= bit << used;
            used++;
            count++;
            if (used == 8) {
                bytes.write(current);
                current = 0;
                used = 0;
            }
        }

        int bitCount() {
            return count;
        }

        /** The complete bytes plus the partial last byte (always present: callers need a partial byte). */
        byte[] toByteArrayWithPartial() {
            byte[] full = bytes.toByteArray();
            byte[] result = Arrays.copyOf(full, full.length + 1);
            result[full.length] = (byte) current;
            return result;
        }
    }
}
