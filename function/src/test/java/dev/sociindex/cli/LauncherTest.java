package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./soci-builder} script as a subprocess, on a copy of the sources (so its Maven build never touches
 * the build running these tests), with {@code JAVA_HOME} pointing at JDK 17: the script must find a 21+ JDK itself,
 * build the jar when it is missing or stale, and keep stdout clean.
 */
class LauncherTest {
    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path work;
    static Path copy;
    static Path jar;
    static Cli.Result firstRun;

    @BeforeAll
    static void copySourcesAndRunOnce() throws Exception {
        if (!Files.isExecutable(JDK_17.resolve("bin/java"))) {
            throw new IllegalStateException(JDK_17 + " is missing: this test needs Debian's openjdk-17-jdk-headless");
        }
        copy = work.resolve("repo");
        for (String part : List.of("pom.xml", "soci-builder", "scripts", "shared/pom.xml", "shared/src/main",
                "function/pom.xml", "function/src/main", "infra/pom.xml")) {
            copyTree(REPOSITORY.resolve(part), copy.resolve(part));
        }
        jar = copy.resolve("function/target/soci-index-builder.jar");
        firstRun = launch("--help");
    }

    @Test
    void buildsTheMissingJarWithANewerJdkThanJavaHomeAndStaysQuiet() {
        assertEquals(0, firstRun.exit(), firstRun::toString);
        assertTrue(firstRun.out().startsWith("usage: soci-builder <command>"), firstRun::toString);
        assertEquals(List.of("soci-builder: building " + jar + " ..."), firstRun.errLines(),
                "only the build notice: no Maven warnings (sun.misc.Unsafe) and no colour codes");
        assertTrue(Files.isRegularFile(jar));
    }

    @Test
    void anUpToDateJarIsNotRebuilt() throws Exception {
        Cli.Result result = launch("--help");
        assertEquals(0, result.exit(), result::toString);
        assertEquals("", result.err());
    }

    @Test
    void aSourceNewerThanTheJarTriggersARebuild() throws Exception {
        Path source = copy.resolve("function/src/main/java/dev/sociindex/cli/Main.java");
        FileTime old = FileTime.from(Files.getLastModifiedTime(source).toInstant().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(jar, old);
        Cli.Result result = launch("--help");
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of("soci-builder: building " + jar + " ..."), result.errLines());
        assertTrue(Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(source)) > 0);
    }

    @Test
    void convertJsonPrintsExactlyOneJsonObjectOnStdout() throws Exception {
        Path layout = CliImages.create(work.resolve("layout"));
        Cli.Result result = launch("convert", "--json", "--min-layer-size", CliImages.MIN_LAYER_SIZE,
                "oci:" + layout + ":v1");
        assertEquals(0, result.exit(), result::toString);
        assertEquals("", result.err(), "no log or progress lines");
        assertEquals(1, result.out().lines().count(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("converted", json.get("status").asText());
        assertEquals(StoredImage.layout(layout).manifestDigest("v1-soci"), json.get("targetDigest").asText());
    }

    @Test
    void failuresAreOneLineWithoutAStackTraceAndUsageErrorsExitTwo() throws Exception {
        Path missing = work.resolve("absent");
        Cli.Result failed = launch("verify", "oci:" + missing + ":v1");
        assertEquals(1, failed.exit(), failed::toString);
        assertEquals(1, failed.errLines().size(), failed::toString);
        assertTrue(failed.err().contains(missing.toString()), failed::toString);

        Cli.Result usage = launch("frobnicate");
        assertEquals(2, usage.exit(), usage::toString);
        assertEquals("soci-builder: unknown command 'frobnicate'", usage.errLines().get(0));
    }

    private static Cli.Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(copy.resolve("soci-builder").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        // no trace of the Maven run executing this test may leak into the launcher's own build
        env.keySet().removeIf(name -> name.startsWith("MAVEN_") || name.equals("SOCI_DEBUG"));
        env.put("JAVA_HOME", JDK_17.toString());
        Path out = Files.createTempFile(work, "launcher", ".out");
        Path err = Files.createTempFile(work, "launcher", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 10 minutes");
        }
        return new Cli.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
