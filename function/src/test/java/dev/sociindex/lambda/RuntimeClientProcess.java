package dev.sociindex.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JVM running the AWS Lambda Runtime Interface Client as its main class, the way the managed java21 runtime
 * starts a function: the runtime client's jars on the class path, the function's code unpacked in the working
 * directory (the task root the runtime client loads it from), only the given environment. Standard output and error
 * are collected line by line; the process's threads, open descriptors and heap can be sampled.
 */
final class RuntimeClientProcess implements AutoCloseable {
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** What {@code /var/runtime/lib} holds in the java21 runtime: the runtime client and what it needs. */
    private static final List<String> RUNTIME_JARS = List.of("aws-lambda-java-runtime-interface-client",
            "aws-lambda-java-core", "aws-lambda-java-serialization", "utils-lite");
    /** {@code num: instances bytes class} */
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final Process process;
    private final Instant started;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private RuntimeClientProcess(Process process, Instant started) {
        this.process = process;
        this.started = started;
        collect(process.getInputStream(), stdout);
        collect(process.getErrorStream(), stderr);
    }

    static RuntimeClientProcess start(Path taskRoot, String handler, Map<String, String> environment,
                                      List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", runtimeClassPath(), MAIN_CLASS, handler));
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Instant started = Instant.now();
        return new RuntimeClientProcess(builder.start(), started);
    }

    /** The runtime client's jars, taken from this JVM's class path (Maven resolved them as test dependencies). */
    private static String runtimeClassPath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (RUNTIME_JARS.stream().anyMatch(prefix -> name.startsWith(prefix + "-"))) {
                jars.add(entry);
            }
        }
        if (jars.size() != RUNTIME_JARS.size()) {
            throw new IllegalStateException("expected the jars " + RUNTIME_JARS + " on the test class path, found "
                    + jars);
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread.ofPlatform().daemon().name("runtime-client-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    Instant started() {
        return started;
    }

    long pid() {
        return process.pid();
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit and returns its code; fails after {@code limit}. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the runtime client did not exit within " + limit);
        }
        return process.exitValue();
    }

    /** Live threads of the process, from {@code /proc/PID/status}. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).strip());
            }
        }
        throw new IllegalStateException("no Threads line in /proc/" + pid() + "/status");
    }

    /**
     * Names of the process's live threads, from {@code /proc/PID/task/TID/comm}: the JVM gives each Java thread its
     * name there, cut to 15 characters.
     */
    List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (java.nio.file.NoSuchFileException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return names;
    }

    /** Open file descriptors of the process (sockets, pipes and files alike). */
    int openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    /** Heap in use right after a full collection, in KiB: {@code jcmd GC.run}, then {@code GC.heap_info}. */
    long heapAfterFullGcKib() throws IOException, InterruptedException {
        jcmd("GC.run");
        // one "total NK, used NK" line per generation (young and old with the serial collector Lambda uses)
        String info = jcmd("GC.heap_info");
        long used = 0;
        int generations = 0;
        Matcher matcher = HEAP_USED.matcher(info);
        while (matcher.find()) {
            used += Long.parseLong(matcher.group(1));
            generations++;
        }
        if (generations == 0) {
            throw new IllegalStateException("no heap figures in jcmd GC.heap_info:\n" + info);
        }
        return used;
    }

    /** Bytes held per class, from {@code jcmd GC.class_histogram} (which collects first). */
    java.util.Map<String, Long> classHistogram() throws IOException, InterruptedException {
        java.util.Map<String, Long> bytes = new java.util.HashMap<>();
        Matcher line = HISTOGRAM_LINE.matcher(jcmd("GC.class_histogram"));
        while (line.find()) {
            bytes.merge(line.group(2), Long.parseLong(line.group(1)), Long::sum);
        }
        return bytes;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true)
                .start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid() + " " + command + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
