package dev.sociindex.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary files and folders that must not outlive the process: what is registered here and not yet released is
 * deleted by a shutdown hook, which the JVM runs on SIGINT and SIGTERM as on a normal exit. (A SIGKILL leaves them;
 * nothing can run then.)
 */
public final class TemporaryFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TemporaryFiles::deleteAll, "temporary-files-cleanup"));
    }

    private TemporaryFiles() {
    }

    /** Set by the shutdown hook: other threads go on running while it deletes, and may still create files. */
    private static boolean exiting;

    /**
     * Registers {@code path} for deletion at exit; returns it. Once the process is exiting, the path is deleted at
     * once and the caller fails: a file created while the hook ran (a layer still being written) would stay behind.
     */
    public static Path register(Path path) {
        synchronized (LIVE) {
            if (!exiting) {
                LIVE.add(path);
                return path;
            }
        }
        delete(path);
        throw new java.io.UncheckedIOException(new IOException("the process is exiting; " + path + " was removed"));
    }

    /**
     * Opens a registered temporary file for writing without creating it again: if the exit hook deleted it in the
     * meantime (a blob's source is opened first, which can take a while), writing fails instead of re-creating a
     * file that nothing would delete any more.
     */
    public static OutputStream openForWriting(Path registered) throws IOException {
        return Files.newOutputStream(registered, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The path was moved into place or deleted by its owner: nothing to do at exit. */
    public static void release(Path path) {
        LIVE.remove(path);
    }

    private static void deleteAll() {
        synchronized (LIVE) {
            exiting = true;
        }
        for (Path path : LIVE) {
            delete(path);
        }
    }

    private static void delete(Path path) {
        try {
            if (Files.isDirectory(path)) {
                FileTrees.deleteTree(path);
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            // the process is ending; a file that cannot be deleted now stays, nothing more can be done
        }
    }
}
