package dev.sociindex.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external tools that the bench and the tests use as real components, such as gzip, pigz, zstd, tar,
 * skopeo, umoci, htpasswd, python3 and bash. A missing tool, a non-zero exit or a run past the time limit is an
 * {@link IOException} that names the command and shows its stderr. Nothing is skipped.
 *
 * <p>Standard output and error go to temporary files rather than pipes. The time limit then holds even when a tool
 * stops writing, and a tool that fills one pipe cannot block on the other.
 */
public final class ExternalTool {
    private static final Duration TIME_LIMIT = Duration.ofMinutes(5);
    private static final String PACKAGES = "docker-registry skopeo umoci pigz zstd gzip tar python3 apache2-utils";

    private ExternalTool() {
    }

    /** Runs {@code command} in the current directory; returns its standard output as UTF-8. */
    public static String run(List<String> command) throws IOException {
        return text(execute(command, null, null, null));
    }

    /** Runs {@code command} in {@code directory}; returns its standard output as UTF-8. */
    public static String run(Path directory, String... command) throws IOException {
        return text(execute(List.of(command), directory, null, null));
    }

    /** Runs a bash script with {@code set -euo pipefail} in {@code directory}; returns its standard output. */
    public static String bash(Path directory, String script) throws IOException {
        return run(directory, "bash", "-c", "set -euo pipefail\n" + script);
    }

    /** Runs {@code command} with {@code input} on its standard input; returns its standard output. */
    public static byte[] pipe(byte[] input, String... command) {
        try {
            return execute(List.of(command), null, input, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Runs {@code command} with its standard output written to {@code target}, replacing what is there. */
    public static void runTo(Path target, List<String> command) throws IOException {
        execute(command, null, null, target);
    }

    private static byte[] execute(List<String> command, Path directory, byte[] input, Path stdoutFile)
            throws IOException {
        Path stdout = stdoutFile != null ? stdoutFile : Files.createTempFile("external-tool", ".out");
        Path stderr = Files.createTempFile("external-tool", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException("cannot run '" + command.getFirst() + "' (is it installed? the bench and tests"
                        + " use the Debian packages " + PACKAGES + "): " + e.getMessage(), e);
            }
            Thread writer = feed(process, input);
            try {
                if (!process.waitFor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(shown(command) + " did not finish within " + TIME_LIMIT);
                }
                writer.join();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + shown(command), e);
            }
            if (process.exitValue() != 0) {
                throw new IOException(shown(command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return stdoutFile != null ? new byte[0] : Files.readAllBytes(stdout);
        } finally {
            Files.deleteIfExists(stderr);
            if (stdoutFile == null) {
                Files.deleteIfExists(stdout);
            }
        }
    }

    /** Writes the input on its own thread (a tool may answer before it has read everything), or closes stdin. */
    private static Thread feed(Process process, byte[] input) {
        return Thread.ofVirtual().start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            } catch (IOException e) {
                // The tool closed its input early; its exit status tells whether that was a failure.
            }
        });
    }

    private static String text(byte[] stdout) {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The command as a shell line, cut short: scripts passed with {@code -c} can be long. */
    private static String shown(List<String> command) {
        String line = String.join(" ", command);
        return "'" + (line.length() > 300 ? line.substring(0, 300) + "..." : line) + "'";
    }
}
