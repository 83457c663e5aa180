package dev.sociindex.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where a command's file output goes: stdout, or {@code -o OUT} written whole or not at all (a .part file, then renamed). */
final class OutputFile {
    /** Writes the file's bytes. */
    interface Writer<T> {
        T write(OutputStream to) throws IOException;
    }

    private OutputFile() {
    }

    static <T> T write(Path output, PrintStream stdout, Writer<T> writer) throws IOException {
        if (output == null) {
            T result = writer.write(stdout);
            stdout.flush();
            return result;
        }
        Path part = output.resolveSibling(output.getFileName() + ".part");
        try {
            T result;
            try (OutputStream to = Files.newOutputStream(part)) {
                result = writer.write(to);
            }
            Files.move(part, output, StandardCopyOption.REPLACE_EXISTING);
            return result;
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
