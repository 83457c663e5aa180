package dev.sociindex.gzip;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few big output arrays of the parallel decoder kept for reuse: a chunk's symbols and its resolved bytes are
 * several MiB each, which the JVM allocates as humongous objects, so allocating them per chunk costs GC time (about
 * a tenth of the decoding, measured). Bounded in count; an array returned to a full pool is left to the GC.
 */
final class BufferPool {
    private static final int GRANULE = 1 << 20;

    private final ArrayBlockingQueue<char[]> chars;
    private final ArrayBlockingQueue<byte[]> bytes;

    BufferPool(int capacity) {
        this.chars = new ArrayBlockingQueue<>(capacity);
        this.bytes = new ArrayBlockingQueue<>(capacity);
    }

    char[] chars(int length) {
        char[] array = chars.poll();
        return array != null && array.length >= length ? array : new char[roundUp(length)];
    }

    byte[] bytes(int length) {
        byte[] array = bytes.poll();
        return array != null && array.length >= length ? array : new byte[roundUp(length)];
    }

    void give(char[] array) {
        if (array != null && array.length >= GRANULE) {
            chars.offer(array);
        }
    }

    void give(byte[] array) {
        if (array != null && array.length >= GRANULE) {
            bytes.offer(array);
        }
    }

    private static int roundUp(int length) {
        return (int) Math.min(Integer.MAX_VALUE - 16, ((long) length + GRANULE - 1) / GRANULE * GRANULE);
    }
}
