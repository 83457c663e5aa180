package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layouts and archives that several processes use, and runs that are interrupted. */
class SharedLayoutsTest {
    @TempDir
    Path work;

    /**
     * Two CLI processes (a Java file lock is per JVM, so it takes two) convert two images of one layout at the same
     * time, 20 times over: both output tags must be there every time.
     */
    @Test
    void concurrentConversionsIntoOneLayoutKeepEveryTag() throws Exception {
        // small images: the race is in tagging, not in indexing, and 40 JVM starts are slow enough
        Path template = work.resolve("template");
        OciImages.create(template, "v1", "amd64", List.of(Map.of("a.bin", dev.sociindex.testing.Encoders.mixedData(1, 30_000))));
        OciImages.create(template, "v2", "arm64", List.of(Map.of("b.bin", dev.sociindex.testing.Encoders.mixedData(2, 30_000))));
        for (int round = 0; round < 20; round++) {
            Path layout = work.resolve("round-" + round);
            copyTree(template, layout);
            List<String> quickJvm = List.of("-XX:TieredStopAtLevel=1");
            ChildCli.Child first = ChildCli.start(Map.of(), quickJvm, "convert", "--min-layer-size", "1", "oci:" + layout + ":v1");
            ChildCli.Child second = ChildCli.start(Map.of(), quickJvm, "convert", "--min-layer-size", "1", "oci:" + layout + ":v2");
            first.process().getOutputStream().close();
            second.process().getOutputStream().close();
            Cli.Result one = first.await();
            Cli.Result two = second.await();
            assertEquals(0, one.exit(), one::toString);
            assertEquals(0, two.exit(), two::toString);
            StoredImage stored = StoredImage.layout(layout);
            int r = round;
            assertTrue(stored.manifest("v1-soci").isPresent() && stored.manifest("v2-soci").isPresent(),
                    () -> "round " + r + " lost a tag: " + readIndex(layout));
            assertTrue(stored.manifest("v1").isPresent() && stored.manifest("v2").isPresent());
        }
    }

    @Test
    void aRewrittenArchiveKeepsItsMode() throws Exception {
        Path layout = CliImages.create(work.resolve("layout"));
        Path archive = work.resolve("image.tar");
        OciImages.archive(layout, archive);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-r--"));
        Cli.Result result = Cli.run("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "oci-archive:" + archive + ":v1");
        assertEquals(0, result.exit(), result::toString);
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));

        Path created = work.resolve("new.tar");
        assertEquals(0, Cli.run("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--to", "oci-archive:" + created,
                "oci:" + layout + ":v1").exit());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
    }

    /**
     * An archive source is read in place: a child JVM whose temporary folder does not exist converts it (an
     * extraction, as before, would fail), and next to the archive only a staging folder of small files appears.
     */
    @Test
    void anArchiveIsReadInPlaceWithoutExtraction() throws Exception {
        Path layout = CliImages.create(work.resolve("layout"));
        Path archive = work.resolve("in-place/image.tar");
        Files.createDirectories(archive.getParent());
        OciImages.archive(layout, archive);
        Path dest = work.resolve("from-archive");
        ChildCli.Child child = ChildCli.start(Map.of(), List.of("-Djava.io.tmpdir=" + work.resolve("no/such/tmp")),
                "convert", "--quiet", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--to", "oci:" + dest,
                "oci-archive:" + archive + ":v1");
        child.process().getOutputStream().close();
        Cli.Result result = child.await();
        assertEquals(0, result.exit(), result::toString);
        assertEquals(0, Cli.run("verify", "oci:" + dest + ":v1-soci").exit());
        try (Stream<Path> left = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), left.toList(), "the staging folder is gone after the run");
        }
    }

    /**
     * A conversion from a registry, through a proxy that answers at 300 KB/s, into a layout and into an archive,
     * stopped by SIGINT and by SIGTERM in the middle of the transfer: no temporary file or folder stays behind, next to
     * the target or in the temporary folder.
     */
    @Test
    void temporaryFilesAreRemovedOnSigintAndSigterm() throws Exception {
        Path layout = CliImages.create(work.resolve("layout"));
        try (LocalRegistry registry = LocalRegistry.start();
             ThrottledTcpProxy proxy = new ThrottledTcpProxy(registry.port(), 300_000)) {
            registry.push(layout, "v1", "app", "v1");
            for (String signal : List.of("INT", "TERM")) {
                Path tmp = Files.createDirectories(work.resolve("tmp-" + signal));
                Path dest = work.resolve("dest-" + signal);
                ChildCli.Child child = ChildCli.start(Map.of(), List.of("-Djava.io.tmpdir=" + tmp), "convert",
                        "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--to", "oci:" + dest, proxy.host() + "/app:v1");
                child.process().getOutputStream().close();
                awaitTemporaryFile(dest, child);
                new ProcessBuilder("kill", "-" + signal, Long.toString(child.process().pid())).start().waitFor();
                Cli.Result result = child.await();
                assertTrue(result.exit() != 0, result::toString);
                assertEquals(List.of(), temporaries(dest), "SIG" + signal + " left temporary files in " + dest);

                Path archiveDir = Files.createDirectories(work.resolve("archive-" + signal));
                ChildCli.Child archiving = ChildCli.start(Map.of(), List.of("-Djava.io.tmpdir=" + tmp), "convert",
                        "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--to", "oci-archive:" + archiveDir.resolve("out.tar"),
                        proxy.host() + "/app:v1");
                archiving.process().getOutputStream().close();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (temporaries(tmp).isEmpty() && temporaries(archiveDir).isEmpty() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                Thread.sleep(500);
                assertTrue(archiving.process().isAlive(), "the transfer must still be running when the signal comes");
                new ProcessBuilder("kill", "-" + signal, Long.toString(archiving.process().pid())).start().waitFor();
                archiving.await();
                assertEquals(List.of(), temporaries(tmp), "SIG" + signal + " left " + tmp + " not empty");
                assertEquals(List.of(), temporaries(archiveDir), "SIG" + signal + " left files next to the archive");
            }
        }
    }

    /** Waits until the conversion is copying a blob into the layout (a .tmp- file exists there). */
    private static void awaitTemporaryFile(Path dest, ChildCli.Child child) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (temporaries(dest).isEmpty()) {
            if (Instant.now().isAfter(deadline) || !child.process().isAlive()) {
                throw new AssertionError("no temporary file appeared in " + dest + ": " + child.await());
            }
            Thread.sleep(5);
        }
    }

    /** The temporary files and folders under {@code dir}; files the running conversion removes meanwhile are passed over. */
    private static List<Path> temporaries(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                note(path);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                note(path);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // renamed into place or deleted while we looked
                }
                throw e;
            }

            private void note(Path path) {
                String name = path.getFileName().toString();
                if (!path.equals(dir) && (name.startsWith(".tmp-") || name.startsWith("oci-archive"))) {
                    found.add(path);
                }
            }
        });
        return found;
    }

    private static String readIndex(Path layout) {
        try {
            return Files.readString(layout.resolve("index.json"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
