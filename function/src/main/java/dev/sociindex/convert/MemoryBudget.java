package dev.sociindex.convert;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Heap the layers indexed at once may take together: a layer starts only when its {@link LayerFootprint} fits
 * beside those already running, and otherwise waits until enough of them finish. A layer
 * whose estimate alone exceeds the whole budget runs when nothing else does, so no layer waits forever.
 */
final class MemoryBudget {
    /** Kept free of layers: the JVM's own objects, clients, the converter and its manifests. */
    static final long RESERVED_BYTES = 64L << 20;

    private final long totalBytes;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition released = lock.newCondition();
    private long inUse;
    private int running;

    MemoryBudget(long totalBytes) {
        if (totalBytes <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, was " + totalBytes);
        }
        this.totalBytes = totalBytes;
    }

    /** The heap limit of this JVM (the Lambda's memory setting, through its heap) less {@link #RESERVED_BYTES}. */
    static MemoryBudget ofHeap() {
        return new MemoryBudget(Math.max(1, Runtime.getRuntime().maxMemory() - RESERVED_BYTES));
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Waits until {@code footprint} fits (or nothing runs); the caller must {@link #release} the same. */
    void acquire(LayerFootprint footprint) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (running > 0 && inUse + footprint.bytes() > totalBytes) {
                released.await();
            }
            inUse += footprint.bytes();
            running++;
        } finally {
            lock.unlock();
        }
    }

    void release(LayerFootprint footprint) {
        lock.lock();
        try {
            inUse -= footprint.bytes();
            running--;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
