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

    @Test
    void theFirstRunOfACommandWritesAClassDataSharingArchiveThatLaterRunsReuse() throws Exception {
        Path cache = work.resolve("cds-first");
        Cli.Result first = launchIn(cache, List.of(), "--help");
        assertEquals(0, first.exit(), first::toString);
        assertEquals("", first.err(), "the JVM's archive notes stay off stdout and stderr");
        assertTrue(first.out().startsWith("usage: soci-builder <command>"), first::toString);
        List<Path> archives = archives(cache);
        assertEquals(1, archives.size(), archives::toString);
        assertTrue(archives.get(0).getFileName().toString().endsWith("-other.jsa"), archives::toString);
        assertTrue(Files.size(archives.get(0)) > 0);
        FileTime written = Files.getLastModifiedTime(archives.get(0));

        Cli.Result second = launchIn(cache, List.of(), "--help");
        assertEquals(first.out(), second.out());
        assertEquals("", second.err());
        assertEquals(archives, archives(cache));
        assertEquals(written, Files.getLastModifiedTime(archives.get(0)), "a valid archive is reused, not rewritten");

        // a file there that is no archive (a damaged write, say) is replaced, not warned about on every run
        Files.write(archives.get(0), new byte[4096]);
        Cli.Result damaged = launchIn(cache, List.of(), "--help");
        assertEquals(first.out(), damaged.out());
        assertEquals("", damaged.err());
        assertTrue(Files.size(archives.get(0)) > 4096, "rewritten at the run's exit");
    }

    @Test
    void aReadOnlyCacheFolderStillRunsCleanlyWithoutWritingAnArchive() throws Exception {
        Path cache = work.resolve("cds-readonly");
        Files.createDirectories(cache);
        // Tests run as root, which ignores permission bits: the folder is made read-only by a read-only bind mount in
        // a mount namespace of the child's own (util-linux unshare).
        List<String> readOnly = List.of("unshare", "-m", "sh", "-c",
                "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", cache.toString());
        Cli.Result result = launchIn(cache, readOnly, "--help");
        assertEquals(0, result.exit(), result::toString);
        assertEquals("", result.err());
        assertTrue(result.out().startsWith("usage: soci-builder <command>"), result::toString);
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(), left.toList(), "nothing could be written, and nothing was");
        }
    }

    private static List<Path> archives(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("soci-builder"))) {
            return files.sorted().toList();
        }
    }

    private static Cli.Result launch(String... args) throws IOException, InterruptedException {
        return launchIn(work.resolve("cache"), List.of(), args);
    }

    /** Runs the launcher with {@code XDG_CACHE_HOME} at {@code cache}, under {@code wrapper} (a command prefix). */
    private static Cli.Result launchIn(Path cache, List<String> wrapper, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(copy.resolve("soci-builder").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        // no trace of the Maven run executing this test may leak into the launcher's own build
        env.keySet().removeIf(name -> name.startsWith("MAVEN_") || name.equals("SOCI_DEBUG") || name.equals("SOCI_CDS_DIR"));
        env.put("JAVA_HOME", JDK_17.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
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
