package dev.sociindex.bench;

import dev.sociindex.oci.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The native baselines of the processes part: our own C program doing zlib's {@code inflate(Z_BLOCK)} checkpointing
 * pass (its source ships in the jar and is compiled here with {@code gcc} against the system libz, cached by the
 * source's digest), and Debian's {@code libdeflate-gunzip}.
 */
record NativeTools(Path zlibCheckpoints, Path libdeflateGunzip) {
    private static final String SOURCE = "zlib-checkpoints.c";
    static final String PACKAGES = "gcc, zlib1g-dev and libdeflate-tools";

    static NativeTools prepare(Path workDir) throws IOException, InterruptedException {
        byte[] source;
        try (InputStream in = NativeTools.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the class path");
            }
            source = in.readAllBytes();
        }
        String tag = Digests.sha256(source).substring("sha256:".length(), "sha256:".length() + 12);
        Path binary = workDir.resolve("zlib-checkpoints-" + tag);
        if (!Files.isExecutable(binary)) {
            Path c = workDir.resolve("zlib-checkpoints-" + tag + ".c");
            Files.write(c, source);
            Path temporary = workDir.resolve(binary.getFileName() + ".tmp");
            run(List.of("gcc", "-O2", "-o", temporary.toString(), c.toString(), "-lz"), "compiling " + c);
            Files.move(temporary, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Path libdeflate = onPath("libdeflate-gunzip");
        return new NativeTools(binary, libdeflate);
    }

    private static Path onPath(String command) {
        for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(folder, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(command + " is not on PATH: the bench needs " + PACKAGES
                + " (apt-get install gcc zlib1g-dev libdeflate-tools, or ./build deps)");
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(what + ": cannot run " + command.get(0) + " (the bench needs " + PACKAGES + "): "
                    + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(what + " failed (" + String.join(" ", command) + "; the bench needs " + PACKAGES
                    + "): " + output.strip());
        }
    }
}
