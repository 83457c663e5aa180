package dev.sociindex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a Java process with the same JVM binary and class path as this one, so a child measures exactly the code
 * under test: the shaded jar when run as {@code soci-builder}, the build's class folders in a test.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** What a child printed and how it ended; {@code lineNanos} is when each stdout line arrived, from the start. */
    record Finished(int exitCode, List<String> lines, List<Long> lineNanos, long totalNanos, String stderr) {
        Finished requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " exited with " + exitCode + ": " + tail(stderr) + " / stdout: "
                        + tail(String.join("\n", lines)));
            }
            return this;
        }

        private static String tail(String text) {
            String stripped = text.strip();
            return stripped.length() <= 2000 ? stripped : "..." + stripped.substring(stripped.length() - 2000);
        }
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /**
     * Runs {@code mainClass} to its end, timing stdout lines as they arrive.
     *
     * @param environment extra variables for the child
     * @param onLine      sees every stdout line as it arrives (progress)
     */
    static Finished run(List<String> jvmOptions, String mainClass, List<String> arguments, Map<String, String> environment,
                        Consumer<String> onLine) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, mainClass, arguments)).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        StringBuilder stderr = new StringBuilder();
        Thread errorReader = Thread.ofVirtual().start(() -> {
            try {
                stderr.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.append("(stderr unreadable: ").append(e.getMessage()).append(')');
            }
        });
        List<String> lines = new ArrayList<>();
        List<Long> lineNanos = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNanos.add(System.nanoTime() - start);
                lines.add(line);
                onLine.accept(line);
            }
        }
        int exit = process.waitFor();
        long total = System.nanoTime() - start;
        errorReader.join();
        return new Finished(exit, lines, lineNanos, total, stderr.toString());
    }

    /** The command line of such a child. */
    static List<String> command(List<String> jvmOptions, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), mainClass));
        command.addAll(arguments);
        return command;
    }

    static Finished run(List<String> jvmOptions, String mainClass, List<String> arguments) throws IOException, InterruptedException {
        return run(jvmOptions, mainClass, arguments, Map.of(), line -> { });
    }
}
