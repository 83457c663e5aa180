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
    Path compress(Path source, int level, Path target) throws IOException, InterruptedException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Process process;
        try {
            process = new ProcessBuilder(command, "-" + level, "-n", "-c", source.toString())
                    .redirectOutput(temporary.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + command + "' (the bench needs it on PATH; apt-get install " + command
                    + "): " + e.getMessage(), e);
        }
        String errors = new String(process.getErrorStream().readAllBytes());
        int exit = process.waitFor();
        if (exit != 0) {
            Files.deleteIfExists(temporary);
            throw new IOException(String.join(" ", List.of(command, "-" + level, source.toString())) + " exited with "
                    + exit + ": " + errors.strip());
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
