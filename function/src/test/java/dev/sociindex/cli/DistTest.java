package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code ./build dist} makes (scripts/dist.sh on the CLI jar the build made before the tests), unpacked
 * in an empty folder and run with JAVA_HOME unset and no java on PATH; and the README's GitHub Actions convert line,
 * run as written against a local registry standing in for $ECR_REGISTRY.
 */
class DistTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path JAR = REPOSITORY.resolve("function/target/soci-index-builder.jar");

    @TempDir
    static Path work;
    static Path tarball;
    static Path bin;

    @BeforeAll
    static void makeAndUnpackTheTarball() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./build jar (./build test makes it before the tests)");
        }
        String jdk = ProcessHandle.current().info().command().orElseThrow().replaceFirst("/bin/java$", "");
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("DistTest needs the tests to run on a JDK 25+ (" + jdk
                    + " is " + Runtime.version() + "): the tarball's AOT cache is made by that JDK's runtime");
        }
        tarball = Path.of(run(work, Map.of(), "bash", REPOSITORY.resolve("scripts/dist.sh").toString(), jdk,
                JAR.toString(), work.resolve("out").toString()).strip());
        Path unpacked = Files.createDirectories(work.resolve("empty"));
        run(unpacked, Map.of(), "tar", "-xzf", tarball.toString());
        try (var entries = Files.list(unpacked)) {
            bin = entries.findFirst().orElseThrow().resolve("bin");
        }
    }

    @Test
    void runsWithoutAJdkAndConvertsAnImage() throws Exception {
        Path layout = CliImages.create(work.resolve("layout"));
        // no JAVA_HOME, and a PATH with no java on it: the launcher needs only /bin/sh
        Map<String, String> env = Map.of("PATH", work.resolve("nothing-here").toString());
        String version = run(work, env, bin.resolve("soci-builder").toString(), "--version");
        assertTrue(version.startsWith("soci-builder "), version);
        String json = run(work, env, bin.resolve("soci-builder").toString(), "convert", "--json", "--min-layer-size",
                CliImages.MIN_LAYER_SIZE, "oci:" + layout + ":v1");
        assertTrue(json.contains("\"status\":\"converted\""), json);
        assertEquals(StoredImage.layout(layout).manifestDigest("v1-soci"),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("targetDigest").asText());
    }

    @Test
    void theTarballHoldsStartUpCachesThatItsLauncherUses() throws Exception {
        List<String> entries = run(work, Map.of(), "tar", "-tzf", tarball.toString()).lines()
                .map(entry -> entry.substring(entry.indexOf('/') + 1)).toList();
        assertTrue(entries.contains("lib/soci-builder.aot"), "the AOT cache made at dist time: " + entries);
        assertTrue(entries.contains("lib/soci-builder-ztoc.aot"), "the ztoc commands' AOT cache: " + entries);
        assertTrue(entries.contains("runtime/lib/server/classes.jsa"), "the runtime's own CDS archive (jlink)");
        assertUsesTheCache("soci-builder.aot", "--version");
        assertUsesTheCache("soci-builder-ztoc.aot", "ztoc", "--help");

        // and a cache named in SOCI_JAVA_OPTS wins over the launcher's: AOTMode=on then fails on the missing file
        ProcessBuilder override = new ProcessBuilder(bin.resolve("soci-builder").toString(), "--version")
                .redirectErrorStream(true).redirectOutput(work.resolve("override.out").toFile());
        override.environment().clear();
        override.environment().put("SOCI_JAVA_OPTS", "-XX:AOTMode=on -XX:AOTCache=" + work.resolve("absent.aot"));
        Process process = override.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(process.exitValue() != 0, () -> "SOCI_JAVA_OPTS comes before the launcher's flags: "
                + readQuietly(work.resolve("override.out")));
    }

    /**
     * AOTMode=on makes the JVM fail where the cache cannot be used, and SOCI_JAVA_OPTS must come after the launcher's
     * flags to set it; the JVM's log says which cache it opened and where the CLI's classes came from.
     */
    private static void assertUsesTheCache(String cache, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "jvm", ".log");
        Map<String, String> env = Map.of("PATH", work.resolve("nothing-here").toString(),
                "SOCI_JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info,class+load=info:file=" + log);
        String[] command = new String[args.length + 1];
        command[0] = bin.resolve("soci-builder").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        String out = run(work, env, command);
        assertTrue(out.startsWith(args[0].equals("ztoc") ? "usage: soci-builder ztoc" : "soci-builder "), out);
        String jvmLog = Files.readString(log);
        assertTrue(jvmLog.contains("Opened AOT cache " + bin.resolve("../lib/" + cache) + "."), jvmLog.lines().limit(5).toList()::toString);
        assertTrue(jvmLog.contains("dev.sociindex.cli.Main source: shared objects file"), "the CLI's classes come from " + cache);
        // picocli's class files were rewritten to a version the cache keeps (scripts/ModernClassFiles.java), and with
        // them the command classes that use picocli's types
        assertTrue(jvmLog.contains("picocli.CommandLine source: shared objects file"), "picocli comes from " + cache);
        assertTrue(jvmLog.contains("dev.sociindex.cli.Failures source: shared objects file"), "Failures comes from " + cache);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void theReadmeActionsJobConvertLineRunsAsWritten() throws Exception {
        String line = Files.readAllLines(REPOSITORY.resolve("README.md")).stream()
                .filter(l -> l.strip().startsWith("- run: soci-builder convert ")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no '- run: soci-builder convert' line"))
                .strip().substring("- run: ".length());
        // what `docker buildx build -t app:$TAG --output type=oci,dest=image.tar` makes: one image, a layer above the
        // default minimum layer size (10 MiB), in an OCI archive whose index names it by the tag
        byte[] data = new byte[11 << 20];
        new Random(9).nextBytes(data);
        Path layout = work.resolve("buildx");
        OciImages.create(layout, "3f2c1d0", "amd64", List.of(Map.of("app/data.bin", data)));
        Path job = Files.createDirectories(work.resolve("job"));
        OciImages.archive(layout, job.resolve("image.tar"));
        try (LocalRegistry ecr = LocalRegistry.start()) {
            Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "ECR_REGISTRY", ecr.host(), "TAG", "3f2c1d0");
            String out = run(job, env, "bash", "-c", line);
            assertTrue(out.startsWith("converted oci-archive:"), out);
            String verified = run(job, Map.of("PATH", work.resolve("nothing-here").toString()), bin.resolve("soci-builder").toString(),
                    "verify", ecr.host() + "/app:3f2c1d0");
            assertTrue(verified.startsWith("verified "), verified);
        }
    }

    /** Runs a command with exactly {@code env} (nothing inherited) and returns its stdout; fails on a non-zero exit. */
    private static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", work.toString());
        builder.environment().putAll(env);
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out + Files.readString(err));
        }
        return out;
    }
}
