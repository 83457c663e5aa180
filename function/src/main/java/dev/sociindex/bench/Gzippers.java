package dev.sociindex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Compresses files with the real external encoders layers are made with: {@code gzip} and {@code pigz}. */
enum Gzippers {
    GZIP("gzip"), PIGZ("pigz");

    private final String command;

    Gzippers(String command) {
        this.command = command;
    }

    String command() {
        return command;
    }

    /**
     * Writes {@code source} compressed at {@code level} (without name and time, so the bytes are reproducible) to
     * {@code target}, unless it exists already.
     */
    Path compress(Path source, int level, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            ExternalTool.runTo(temporary, List.of(command, "-" + level, "-n", "-c", source.toString()));
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
