package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.MetricNames;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code soci-builder invoke} in process, with the function's defaults (the environment sets nothing), against the
 * real registry: one run prints the log lines, the EMF lines and the completion event on stdout, as JSON lines.
 */
class InvokeEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPOSITORY = "team/web-app";
    private static final String TAG = "v1.4.2";

    @TempDir
    Path scratch;

    @Test
    void invokeOnAPushEventIndexesTheImageAndPrintsLogMetricsAndTheCompletionEvent() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start()) {
            Path layout = scratch.resolve("layout");
            // One layer above the default 10 MiB minimum (random bytes do not compress), one far below it.
            OciImages.create(layout, "v1", "amd64", List.of(
                    Map.of("etc/motd", "welcome\n".getBytes(StandardCharsets.UTF_8)),
                    Map.of("opt/app/blob.bin", Encoders.randomBytes(5, (int) Defaults.MIN_LAYER_SIZE + 100_000))));
            registry.push(layout, "v1", REPOSITORY, TAG);
            ManifestData source;
            try (RegistryImageStore store = registry.repository(REPOSITORY)) {
                source = store.getManifest(TAG).orElseThrow();
            }
            Path event = writeEvent(source.digest());
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();

            int exit = Main.run(List.of("invoke", "--event", event.toString(), "--registry-endpoint", registry.host()),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));

            assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8) + stdout.toString(StandardCharsets.UTF_8));
            List<JsonNode> lines = stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(InvokeEndToEndTest::parse).toList();
            List<JsonNode> logs = lines.stream().filter(l -> l.has("level")).toList();
            assertTrue(logs.stream().anyMatch(l -> "indexed".equals(l.path("outcome").asText())
                    && source.digest().equals(l.path("digest").asText())), "the outcome line: " + logs);
            List<JsonNode> emf = lines.stream().filter(l -> l.has("_aws")).toList();
            assertTrue(emf.stream().anyMatch(b -> b.path(MetricNames.IMAGES_INDEXED).asInt() == 1
                    && b.path(MetricNames.LAYERS_INDEXED).asInt() == 1), "the indexed metrics: " + emf);
            List<JsonNode> completions = lines.stream().filter(l -> l.has("detail-type")).toList();
            assertEquals(1, completions.size(), lines.toString());
            JsonNode detail = completions.getFirst().path("detail");
            assertEquals(Defaults.COMPLETION_DETAIL_TYPE, completions.getFirst().path("detail-type").asText());
            assertEquals(REPOSITORY, detail.path("repository").asText());
            assertEquals(source.digest(), detail.path("sourceDigest").asText());
            assertEquals(TAG + Defaults.OUTPUT_TAG_SUFFIX, detail.path("outputTag").asText());
            assertEquals("indexed", lines.getLast().path("status").asText(), "the handler's response comes last");
            try (RegistryImageStore store = registry.repository(REPOSITORY)) {
                String outputTag = TAG + Defaults.OUTPUT_TAG_SUFFIX;
                assertEquals(store.getManifest(outputTag).orElseThrow().digest(), detail.path("outputDigest").asText());
                VerificationReport report = new ImageVerifier(store).verify(outputTag);
                assertTrue(report.ok(), report.problems().toString());
            }
        }
    }

    /** The repository's tagged-push example, with the pushed image's real digest. */
    private Path writeEvent(String digest) throws IOException {
        Path template = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                .resolveSibling("test-events").resolve("push-tagged-single-arch.json");
        ObjectNode event = (ObjectNode) JSON.readTree(template.toFile());
        ObjectNode detail = (ObjectNode) event.path("detail");
        detail.put("repository-name", REPOSITORY);
        detail.put("image-digest", digest);
        detail.put("image-tag", TAG);
        Path file = scratch.resolve("event.json");
        Files.write(file, JSON.writeValueAsBytes(event));
        return file;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout line is not JSON: " + line, e);
        }
    }
}
