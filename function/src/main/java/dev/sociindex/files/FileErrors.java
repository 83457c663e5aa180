package dev.sociindex.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * File write errors that name the file. The JDK's messages for a failed write are the operating system's alone
 * ("No space left on device"); a user needs to know which disk filled up.
 */
public final class FileErrors {
    private FileErrors() {
    }

    /** {@code e} itself when it already names a file, else the same error prefixed with {@code path}. */
    public static IOException naming(Path path, IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException || message.contains(path.toString())) {
            return e;
        }
        return new IOException(path + ": " + Character.toLowerCase(message.charAt(0)) + message.substring(1), e);
    }
}
