package dev.sociindex.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a child JVM (this test run's classpath), for what a process owns: its environment ($DOCKER_CONFIG,
 * $PATH with a credential helper, AWS settings), stdin, JVM properties, file locks, signals.
 */
final class ChildCli {
    /** A started CLI process and the files its stdout and stderr go to. */
    record Child(Process process, Path out, Path err) {
        Cli.Result await() throws IOException, InterruptedException {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish within 180 s");
            }
            Cli.Result result = new Cli.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        }
    }

    private ChildCli() {
    }

    static Cli.Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        Child child = start(env, List.of(), args);
        try (var in = child.process().getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return child.await();
    }

    static Child start(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        // A suite started in the background by a non-interactive shell (nohup ./build test &) runs with SIGINT
        // ignored, the child inherits that, and a JVM leaves an ignored SIGINT ignored: reset it, as a terminal's
        // Ctrl-C would find it. env execs the JVM, so the child's pid is the JVM's.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // nothing of this machine's own registry or AWS setup may reach the child, only what the test gives it
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("DOCKER_CONFIG")
                || name.equals("REGISTRY_AUTH_FILE") || name.startsWith("XDG_") || name.equals("SOCI_DEBUG"));
        builder.environment().put("HOME", Files.createTempDirectory("child-home").toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile("child-cli", ".out");
        Path err = Files.createTempFile("child-cli", ".err");
        return new Child(builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }
}
