package dev.sociindex.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the image tools tests drive (skopeo, umoci, tar, htpasswd) and fails loudly when one is missing or fails. */
public final class OciCommands {
    private static final long TIMEOUT_MINUTES = 5;

    private OciCommands() {
    }

    /** Runs {@code command}; returns its standard output. Any non-zero exit is an {@link IllegalStateException}. */
    public static String run(List<String> command) throws IOException {
        Path output = Files.createTempFile("oci-command", ".out");
        Path errors = Files.createTempFile("oci-command", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run '" + command.getFirst() + "' (is it installed? the tests"
                        + " need the Debian packages docker-registry skopeo umoci tar apache2-utils): " + e.getMessage(),
                        e);
            }
            boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            String stdout = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(errors, StandardCharsets.UTF_8) + stdout);
            }
            return stdout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
