package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --json}, stdout is exactly one JSON object for every outcome: each failure class gives
 * {@code "status":"failed"}, the exit code, the same one-line error as stderr, and the input.
 */
class JsonContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path layout;
    static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        layout = CliImages.create(work.resolve("layout"));
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    /** The one JSON object of a failed run, checked against its stderr line and exit code. */
    static JsonNode failure(Cli.Result result, int exit, String input) throws Exception {
        assertEquals(exit, result.exit(), result::toString);
        assertEquals(1, result.out().lines().count(), result::toString);
        JsonNode json = JSON.readTree(result.out());
        assertEquals("failed", json.get("status").asText(), result::toString);
        assertEquals(exit, json.get("exitCode").asInt());
        assertEquals(input, json.get("input").isNull() ? null : json.get("input").asText(), result::toString);
        String line = result.errLines().getFirst();
        assertTrue(line.endsWith(": " + json.get("error").asText()), result::toString);
        return json;
    }

    @Test
    void usageErrorsAndMalformedReferences() throws Exception {
        failure(Cli.run("convert", "--json", "--span-size", "big", "oci:" + layout + ":v1"), 2, null);
        failure(Cli.run("convert", "oci:" + layout + ":v1", "--json", "--span-size", "0"), 2, "oci:" + layout + ":v1");
        failure(Cli.run("convert", "--json", "127.0.0.1:5000/Upper:v1"), 2, "127.0.0.1:5000/Upper:v1");
        failure(Cli.run("verify", "--json", "oci:"), 2, "oci:");
    }

    @Test
    void missingImagesAndUnreachableRegistries() throws Exception {
        String missing = registry.host() + "/nothing:here";
        JsonNode json = failure(Cli.run("convert", "--json", missing), 1, missing);
        assertTrue(json.get("error").asText().contains("nothing"), json::toString);
        failure(Cli.run("verify", "--json", "oci:" + work.resolve("absent") + ":v1"), 1, "oci:" + work.resolve("absent") + ":v1");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "127.0.0.1:" + closedPort + "/app:v1";
        failure(Cli.run("convert", "--json", "--retries", "0", unreachable), 1, unreachable);
    }

    @Test
    void verifyProblemsAreOneReportWithStatusFailed() throws Exception {
        Cli.Result result = Cli.run("verify", "--json", "oci:" + layout + ":v1");
        assertEquals(1, result.exit(), result::toString);
        JsonNode json = JSON.readTree(result.out());
        assertEquals(1, result.out().lines().count());
        assertEquals("failed", json.get("status").asText());
        assertFalse(json.get("ok").asBoolean());
        assertTrue(json.get("problems").size() > 0, json::toString);
    }

    /**
     * An archive is written when the conversion is done; when that fails (here a full disk: a 64 KiB tmpfs the test
     * mounts), stdout holds only the failure, never a "converted" printed before it, and the error names the file.
     */
    @Test
    void anArchiveThatCannotBeWrittenIsAFailureNamingTheFile() throws Exception {
        Path small = Files.createDirectories(work.resolve("small-disk"));
        mount(small);
        try {
            Path archive = small.resolve("out.tar");
            String source = "oci:" + layout + ":v1";
            Cli.Result result = Cli.run("convert", "--json", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--to",
                    "oci-archive:" + archive, source);
            JsonNode json = failure(result, 1, source);
            String error = json.get("error").asText();
            assertTrue(error.contains(small.toString()) && error.contains("no space left on device"), error);
            assertFalse(Files.exists(archive));
            try (var left = Files.list(small)) {
                assertEquals(List.of(), left.toList(), "no temporary file left behind");
            }
        } finally {
            run("umount", small.toString());
        }
    }

    private static void mount(Path dir) throws IOException, InterruptedException {
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root to mount a tmpfs): "
                    + output);
        }
    }
}
