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
 * build the jar when it is missing or stale, keep stdout clean, and make its start-up cache once (by default a dynamic
 * CDS archive; with {@code SOCI_STARTUP_CACHE=aot} JDK 25's AOT cache).
 */
class LauncherTest {
    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final String CACHE_NOTICE = "soci-builder: preparing a start-up cache for this build (once, about 10 s) ...";
    private static final Map<String, String> AOT = Map.of("SOCI_STARTUP_CACHE", "aot");

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
        if (!Files.isExecutable(JDK_25.resolve("bin/javac"))) {
            throw new IllegalStateException(JDK_25 + " is missing: the AOT cache tests need a JDK 25 (Temurin)");
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
                "only the build notice: no Maven warnings (sun.misc.Unsafe), no colour codes, no JVM notes");
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
        Cli.Result first = launchIn(cache, List.of(), Map.of(), "--help");
        assertEquals(0, first.exit(), first::toString);
        assertEquals("", first.err(), "the JVM's archive notes stay off stdout and stderr");
        assertTrue(first.out().startsWith("usage: soci-builder <command>"), first::toString);
        List<Path> archives = archives(cache);
        assertEquals(1, archives.size(), archives::toString);
        assertTrue(archives.get(0).getFileName().toString().endsWith("-other.jsa"), archives::toString);
        assertTrue(Files.size(archives.get(0)) > 0);
        FileTime written = Files.getLastModifiedTime(archives.get(0));

        Cli.Result second = launchIn(cache, List.of(), Map.of(), "--help");
        assertEquals(first.out(), second.out());
        assertEquals("", second.err());
        assertEquals(archives, archives(cache));
        assertEquals(written, Files.getLastModifiedTime(archives.get(0)), "a valid archive is reused, not rewritten");

        // a file there that is no archive (a damaged write, say) is replaced, not warned about on every run
        Files.write(archives.get(0), new byte[4096]);
        Cli.Result damaged = launchIn(cache, List.of(), Map.of(), "--help");
        assertEquals(first.out(), damaged.out());
        assertEquals("", damaged.err());
        assertTrue(Files.size(archives.get(0)) > 4096, "rewritten at the run's exit");
    }

    @Test
    void theFirstRunMakesAnAotCacheOnceThatLaterRunsUseAndOlderBuildsCachesGo() throws Exception {
        Path cache = work.resolve("aot-first");
        Path older = Files.createDirectories(cache.resolve("soci-builder")).resolve("soci-builder-1-2-25.0.1+8-LTS.aot");
        Files.write(older, new byte[16]);
        String expectedOut = launchIn(cache, List.of(), Map.of("SOCI_STARTUP_CACHE", "off"), "--version").out();
        // a failing command on the first run: its exit code and stdout are its own, stderr only adds the notice
        Cli.Result first = launchIn(cache, List.of(), AOT, "frobnicate");
        assertEquals(2, first.exit(), first::toString);
        assertEquals("", first.out(), first::toString);
        assertEquals(CACHE_NOTICE, first.errLines().get(0), first::toString);
        assertEquals("soci-builder: unknown command 'frobnicate'", first.errLines().get(1), first::toString);
        List<Path> files = archives(cache);
        assertEquals(1, files.size(), "the old build's cache is gone, and no temporary or log file stays: " + files);
        Path aot = files.get(0);
        assertTrue(aot.getFileName().toString().endsWith("-LTS-image.aot"), files::toString);
        assertEquals("f00baba2", magic(aot));
        FileTime written = Files.getLastModifiedTime(aot);

        Cli.Result second = launchIn(cache, List.of(), AOT, "--version");
        assertEquals(0, second.exit(), second::toString);
        assertEquals(expectedOut, second.out());
        assertEquals("", second.err());
        assertEquals(files, archives(cache));
        assertEquals(written, Files.getLastModifiedTime(aot), "a valid cache is reused, not rewritten");
        assertUsesTheCache(cache, aot, "--version");

        // `ztoc` commands get a cache of their own, trained on `ztoc build`
        Cli.Result ztoc = launchIn(cache, List.of(), AOT, "ztoc", "--help");
        assertEquals(0, ztoc.exit(), ztoc::toString);
        assertEquals(List.of(CACHE_NOTICE), ztoc.errLines());
        Path ztocCache = aot.resolveSibling(aot.getFileName().toString().replace("-image.aot", "-ztoc.aot"));
        assertEquals(List.of(aot, ztocCache), archives(cache));
        assertUsesTheCache(cache, ztocCache, "ztoc", "--help");
    }

    @Test
    void aDamagedAotCacheIsReplaced() throws Exception {
        Path cache = work.resolve("aot-damaged");
        assertEquals(0, launchIn(cache, List.of(), AOT, "--version").exit());
        Path aot = archives(cache).get(0);
        Files.write(aot, new byte[4096]);
        Cli.Result damaged = launchIn(cache, List.of(), AOT, "--version");
        assertEquals(0, damaged.exit(), damaged::toString);
        assertEquals(List.of(CACHE_NOTICE), damaged.errLines(), "made again, once");
        assertEquals(List.of(aot), archives(cache));
        assertEquals("f00baba2", magic(aot));
        assertEquals("", launchIn(cache, List.of(), AOT, "--version").err());
        assertUsesTheCache(cache, aot, "--version");
    }

    @Test
    void concurrentFirstRunsLeaveOneWholeCache() throws Exception {
        Path cache = work.resolve("aot-concurrent");
        List<java.util.concurrent.Future<Cli.Result>> runs = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> launchIn(cache, List.of(), AOT, "--version")));
            }
        }
        for (var run : runs) {
            Cli.Result result = run.get();
            assertEquals(0, result.exit(), result::toString);
            assertTrue(result.out().startsWith("soci-builder "), result::toString);
            assertTrue(List.of(List.of(), List.of(CACHE_NOTICE)).contains(result.errLines()), result::toString);
        }
        List<Path> files = archives(cache);
        assertEquals(1, files.size(), "one cache, no temporary file: " + files);
        assertUsesTheCache(cache, files.get(0), "--version");
    }

    @Test
    void aFailedTrainingIsReportedOnceAndTheCommandStillRuns() throws Exception {
        Path cache = work.resolve("aot-failed");
        // scripts/aot-cache.sh makes its working folder in $TMPDIR: one that does not exist fails the training
        Map<String, String> noTemp = Map.of("TMPDIR", work.resolve("no-such-folder").toString(), "SOCI_STARTUP_CACHE", "aot");
        Cli.Result first = launchIn(cache, List.of(), noTemp, "--version");
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().startsWith("soci-builder "), first::toString);
        assertEquals(2, first.errLines().size(), first::toString);
        assertEquals(CACHE_NOTICE, first.errLines().get(0));
        List<Path> files = archives(cache);
        assertEquals(1, files.size(), files::toString);
        assertTrue(first.errLines().get(1).equals("soci-builder: the start-up cache could not be made, running without it (why: "
                + files.get(0) + ")"), first::toString);
        assertTrue(Files.readString(files.get(0)).contains(work.resolve("no-such-folder").toString()),
                "the reason names the folder");

        Cli.Result second = launchIn(cache, List.of(), noTemp, "--version");
        assertEquals(first.out(), second.out());
        assertEquals("", second.err(), "not tried again on every run");
    }

    @Test
    void aReadOnlyCacheFolderStillRunsCleanlyWithoutWritingAnArchive() throws Exception {
        for (String kind : List.of("aot", "cds")) {
            Path cache = Files.createDirectories(work.resolve(kind + "-readonly"));
            // Tests run as root, which ignores permission bits: the folder is made read-only by a read-only bind mount
            // in a mount namespace of the child's own (util-linux unshare).
            List<String> readOnly = List.of("unshare", "-m", "sh", "-c",
                    "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", cache.toString());
            Cli.Result result = launchIn(cache, readOnly, Map.of("SOCI_STARTUP_CACHE", kind), "--help");
            assertEquals(0, result.exit(), result::toString);
            assertEquals("", result.err(), kind);
            assertTrue(result.out().startsWith("usage: soci-builder <command>"), result::toString);
            try (Stream<Path> left = Files.list(cache)) {
                assertEquals(List.of(), left.toList(), kind + ": nothing could be written, and nothing was");
            }
        }
    }

    /**
     * A run of {@code args} with {@code SOCI_JAVA_OPTS=-XX:AOTMode=on} (the JVM fails where its cache cannot be used;
     * the launcher puts SOCI_JAVA_OPTS after its own flags) opens {@code aot} and loads the CLI's main class from it.
     */
    private static void assertUsesTheCache(Path cache, Path aot, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "jvm", ".log");
        Cli.Result on = launchIn(cache, List.of(), Map.of("SOCI_STARTUP_CACHE", "aot", "SOCI_JAVA_OPTS",
                "-XX:AOTMode=on -Xlog:aot=info,class+load=info:file=" + log), args);
        assertEquals(0, on.exit(), on::toString);
        assertEquals("", on.err());
        String jvmLog = Files.readString(log);
        assertTrue(jvmLog.contains("Opened AOT cache " + aot + "."), "the launcher passes " + aot);
        assertTrue(jvmLog.contains("dev.sociindex.cli.Main source: shared objects file"),
                "the CLI's classes come from " + aot);
        // a cache named in SOCI_JAVA_OPTS wins over the launcher's: AOTMode=on then fails on the missing file
        Cli.Result override = launchIn(cache, List.of(), Map.of("SOCI_STARTUP_CACHE", "aot", "SOCI_JAVA_OPTS",
                "-XX:AOTMode=on -XX:AOTCache=" + work.resolve("absent.aot")), "--version");
        assertTrue(override.exit() != 0, () -> "SOCI_JAVA_OPTS comes before the launcher's flags: " + override);
    }

    private static String magic(Path file) throws IOException {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 4);
        return String.format("%08x", java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    }

    private static List<Path> archives(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("soci-builder"))) {
            return files.sorted().toList();
        }
    }

    private static Cli.Result launch(String... args) throws IOException, InterruptedException {
        return launchIn(work.resolve("cache"), List.of(), Map.of(), args);
    }

    /**
     * Runs the launcher with {@code XDG_CACHE_HOME} at {@code cache} and {@code extraEnv}, under {@code wrapper} (a
     * command prefix).
     */
    private static Cli.Result launchIn(Path cache, List<String> wrapper, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(copy.resolve("soci-builder").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = builder.environment();
        // no trace of the Maven run executing this test may leak into the launcher's own build
        env.keySet().removeIf(name -> name.startsWith("MAVEN_") || name.startsWith("SOCI_") || name.equals("TMPDIR"));
        env.put("JAVA_HOME", JDK_17.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
        env.putAll(extraEnv);
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
