package dev.sociindex.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs an external tool (tar, python3, bash) for a tar test; fails loudly (never skips) if it is missing or fails. */
public final class TarToolRunner {
    private TarToolRunner() {
    }

    /** Returns the tool's standard output. */
    public static String run(Path workingDirectory, String... command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("tool-stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            int exit = process.waitFor();
            if (exit != 0) {
                String shown = String.join(" ", command);
                throw new AssertionError("command " + shown.substring(0, Math.min(200, shown.length()))
                        + " exited with " + exit + ": " + Files.readString(stderr));
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Runs a bash script (with {@code set -euo pipefail}) in the given directory. */
    public static String bash(Path workingDirectory, String script) throws IOException, InterruptedException {
        return run(workingDirectory, "bash", "-c", "set -euo pipefail\n" + script);
    }
}
