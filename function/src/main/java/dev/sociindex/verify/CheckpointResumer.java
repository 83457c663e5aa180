package dev.sociindex.verify;

import dev.sociindex.gzip.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Resumes inflation at a checkpoint the way the snapshotter does, but with zlib through
 * {@link java.util.zip.Inflater} rather than our own inflater, so that verification is independent of the code
 * that placed the checkpoints. Java's Inflater has no {@code inflatePrime}, so for a checkpoint inside a byte the
 * compressed stream is re-aligned: output bit k is input bit {@code 8*in - bits + k}.
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
            int carry = -1;
            while (produced < length && !inflater.finished()) {
                if (inflater.needsInput()) {
                    ByteBuffer raw = ByteBuffer.allocate(CHUNK);
                    int n = blob.read(raw, position);
                    if (n <= 0) {
                        if (carry < 0) {
                            break;
                        }
                        // End of blob: the carried byte's remaining high bits are the last bits of the stream.
                        inflater.setInput(new byte[] {(byte) (carry >>> (8 - checkpoint.bits()))});
                        carry = -1;
                        continue;
                    }
                    position += n;
                    byte[] bytes = Arrays.copyOf(raw.array(), n);
                    if (checkpoint.bits() != 0) {
                        RealignResult realigned = realign(bytes, carry, checkpoint.bits());
                        bytes = realigned.bytes();
                        carry = realigned.carry();
                    }
                    inflater.setInput(bytes);
                }
                try {
                    int n = inflater.inflate(output, produced, length - produced);
                    produced += n;
                    if (n == 0 && inflater.needsDictionary()) {
                        throw new IOException("zlib asked for a dictionary while resuming at compressed offset " + checkpoint.in());
                    }
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

    private record RealignResult(byte[] bytes, int carry) {
    }

    /**
     * Shifts a chunk so the stream starts {@code 8 - bits} bits into its first byte. {@code carry} is the previous
     * chunk's last input byte (-1 for the first chunk, whose first byte is the partial byte at {@code in - 1}).
     */
    private static RealignResult realign(byte[] in, int carry, int bits) {
        int skip = 8 - bits;
        if (carry < 0) {
            // The first byte holds only `bits` useful high bits; they start the re-aligned stream.
            byte[] out = new byte[in.length - 1];
            for (int j = 0; j < out.length; j++) {
                out[j] = (byte) (((in[j] & 0xff) >>> skip) | ((in[j + 1] & 0xff) << bits));
            }
            return new RealignResult(out, in[in.length - 1] & 0xff);
        }
        byte[] out = new byte[in.length];
        int previous = carry;
        for (int j = 0; j < in.length; j++) {
            out[j] = (byte) ((previous >>> skip) | ((in[j] & 0xff) << bits));
            previous = in[j] & 0xff;
        }
        return new RealignResult(out, previous);
    }
}
