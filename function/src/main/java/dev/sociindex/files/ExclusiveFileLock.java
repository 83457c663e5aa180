package dev.sociindex.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held across processes (an OS file lock, {@code fcntl} on Linux) and across
 * threads of this JVM (a Java file lock belongs to the whole JVM, so threads first take an in-JVM lock per path).
 * Used around read-modify-write of a file that other processes update too.
 */
public final class ExclusiveFileLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveFileLock(ReentrantLock threadLock, FileChannel channel, FileLock lock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this process holds the lock on {@code lockFile} (created when missing, never deleted). */
    public static ExclusiveFileLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        threadLock.lock();
        try {
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new ExclusiveFileLock(threadLock, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw FileErrors.naming(key, e instanceof IOException io ? io : new IOException(e));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
