package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures name the input and say what was wrong in the project's words, not a library's. */
class MessagesTest {
    @TempDir
    Path work;

    private static String onlyLine(Cli.Result result) {
        assertEquals(1, result.exit(), result::toString);
        assertEquals(1, result.errLines().size(), result::toString);
        return result.errLines().getFirst();
    }

    @Test
    void anArchiveThatIsNotATarNamesTheFile() throws Exception {
        Path notTar = work.resolve("image.tar");
        Files.write(notTar, new byte[] {'{', '"', 'x', '"', ':', ' ', '1', '}', '\n'});
        byte[] junk = new byte[4096];
        new java.util.Random(3).nextBytes(junk);
        Files.write(work.resolve("junk.tar"), junk);
        for (Path archive : List.of(notTar, work.resolve("junk.tar"))) {
            String line = onlyLine(Cli.run("convert", "oci-archive:" + archive + ":v1"));
            assertTrue(line.startsWith("soci-builder convert: OCI archive " + archive), line);
            assertFalse(line.contains("Corrupted TAR archive."), line);
        }
    }

    @Test
    void aBrokenIndexJsonNamesTheLayoutWithoutJacksonsSourceText() throws Exception {
        Path layout = CliImages.create(work.resolve("layout"));
        Files.writeString(layout.resolve("index.json"), "{\"manifests\": [ oops ]}");
        String line = onlyLine(Cli.run("convert", "oci:" + layout + ":v1"));
        assertTrue(line.contains("oci:" + layout) && line.contains("index.json") && line.contains("(line 1, column"), line);
        assertFalse(line.contains("REDACTED") || line.contains("Source:"), line);
    }

    @Test
    void aStateFileThatIsNotTextNamesTheFile() throws Exception {
        Path state = work.resolve("state");
        Files.write(state, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        try (LocalRegistry registry = LocalRegistry.start()) {
            String line = onlyLine(Cli.run("backfill", "--state", state.toString(), registry.host() + "/app"));
            assertTrue(line.contains(state.toString()) && line.contains("not UTF-8"), line);
            assertFalse(line.contains("Input length"), line);
        }
    }

    /**
     * Name resolution in a child JVM that reads its host names from a file (jdk.net.hosts.file), so that no DNS
     * server is ever asked: {@code registry.test} is 127.0.0.1, and every other name does not resolve.
     */
    @Test
    void anUnresolvableHostIsADnsFailureWithoutRetries() throws Exception {
        Cli.Result result = childJvm("convert", "--retries", "3", "nowhere.test:5000/app:v1");
        String line = onlyLine(result);
        assertTrue(line.startsWith("soci-builder convert: GET https://nowhere.test:5000/v2/app/manifests/v1 failed: the host"
                + " name nowhere.test does not resolve (DNS lookup failed)"), line);
        assertFalse(line.contains("attempts") || line.contains("refused"), line);
    }

    @Test
    void tlsToAPlainHttpRegistrySaysToUsePlainHttp() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start()) {
            String line = onlyLine(childJvm("convert", "--retries", "0", "registry.test:" + registry.port() + "/app:v1"));
            assertTrue(line.contains("TLS handshake with registry.test:" + registry.port()) && line.contains("--plain-http"), line);
            assertFalse(line.contains("attempts"), line);
        }
    }

    private Cli.Result childJvm(String... args) throws IOException, InterruptedException {
        Path hosts = work.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 registry.test\n");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Cli.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
