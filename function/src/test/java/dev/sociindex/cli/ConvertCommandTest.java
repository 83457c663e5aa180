package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.layer.SkipReason;
import dev.sociindex.bench.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert} against the real registry and OCI layouts, checked field by field against what it stored. */
class ConvertCommandTest {
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

    /** Pushes the sample image as {@code repository:v1}; each test gets its own repository. */
    private static String pushed(String repository) throws Exception {
        registry.push(layout, "v1", repository, "v1");
        return registry.host() + "/" + repository;
    }

    private static Cli.Result convert(String... args) {
        return Cli.run(Stream.concat(Stream.of("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--span-size",
                CliImages.SPAN_SIZE), Stream.of(args)).toArray(String[]::new));
    }

    /** stdout must be exactly one JSON object and nothing else. */
    static JsonNode onlyJson(Cli.Result result) throws Exception {
        assertEquals(0, result.exit(), result::toString);
        assertEquals(1, result.out().lines().count(), result::toString);
        JsonNode json = JSON.readTree(result.out());
        assertTrue(json.isObject());
        return json;
    }

    @Test
    void convertsARegistryImageAndReportsEveryFieldThenSaysAlreadyConverted() throws Exception {
        String repo = pushed("json");
        StoredImage stored = StoredImage.registry(registry.host(), "json");
        JsonNode first = onlyJson(convert("--json", repo + ":v1"));
        ConversionContract.checkConverted(first, repo + ":v1", stored, "v1", repo + ":v1-soci", stored, "v1-soci");
        assertEquals("", convert("--json", repo + ":v1").err());

        JsonNode second = onlyJson(convert("--json", repo + ":v1"));
        assertEquals("already-converted", second.get("status").asText());
        assertEquals(first.get("sourceDigest"), second.get("sourceDigest"));
        assertEquals(first.get("targetDigest"), second.get("targetDigest"));
        assertEquals(first.get("targetDigest").asText(), stored.manifestDigest("v1-soci"));
    }

    @Test
    void convertsAnOciLayoutInPlace() throws Exception {
        Path copy = copyOf(layout, work.resolve("in-place"));
        StoredImage stored = StoredImage.layout(copy);
        JsonNode json = onlyJson(convert("--json", "oci:" + copy + ":v1"));
        ConversionContract.checkConverted(json, "oci:" + copy + ":v1", stored, "v1", "oci:" + copy + ":v1-soci", stored,
                "v1-soci");
    }

    @Test
    void printsAShortSummaryWithoutJson() throws Exception {
        String repo = pushed("human");
        Cli.Result result = convert("--quiet", repo + ":v1");
        assertEquals(0, result.exit(), result::toString);
        String digest = StoredImage.registry(registry.host(), "human").manifestDigest("v1-soci");
        List<String> lines = result.out().lines().toList();
        assertEquals("converted " + repo + ":v1 -> " + repo + ":v1-soci (" + digest + ")", lines.get(0));
        assertTrue(lines.get(1).startsWith("  linux/amd64: 1 of 2 layers indexed, SOCI index sha256:"), result::toString);
        assertTrue(lines.get(2).startsWith("    skipped sha256:") && lines.get(2).contains("smaller than the minimum"),
                result::toString);
        assertEquals(3, lines.size(), result::toString);
        assertEquals("", result.err(), "no progress with --quiet");
    }

    @Test
    void anImageWithNoQualifyingLayerIsSkippedWithExitZeroAndNoTag() throws Exception {
        String repo = pushed("small");
        Cli.Result result = Cli.run("convert", "--json", repo + ":v1");
        JsonNode json = onlyJson(result);
        assertEquals("skipped", json.get("status").asText());
        assertTrue(json.get("target").isNull() && json.get("targetDigest").isNull(), json::toString);
        for (JsonNode layer : json.get("platforms").get(0).get("layers")) {
            assertEquals(SkipReason.BELOW_MIN_SIZE.code(), layer.get("skipCode").asText(), json::toString);
            assertTrue(layer.get("ztocDigest").isNull());
        }
        assertTrue(StoredImage.registry(registry.host(), "small").manifest("v1-soci").isEmpty());
    }

    @Test
    void outputTagAndTagSuffixNameTheResultAndAreExclusive() throws Exception {
        String repo = pushed("tags");
        StoredImage stored = StoredImage.registry(registry.host(), "tags");
        JsonNode named = onlyJson(convert("--json", "--output-tag", "lazy", repo + ":v1"));
        assertEquals(repo + ":lazy", named.get("target").asText());
        assertEquals(stored.manifestDigest("lazy"), named.get("targetDigest").asText());

        JsonNode suffixed = onlyJson(convert("--json", "--tag-suffix", "-fast", repo + ":v1"));
        assertEquals(repo + ":v1-fast", suffixed.get("target").asText());
        assertEquals(named.get("targetDigest"), suffixed.get("targetDigest"), "same content, same digest");
        assertTrue(stored.manifest("v1-soci").isEmpty());

        Cli.Result both = convert("--output-tag", "a", "--tag-suffix", "-b", repo + ":v1");
        assertEquals(2, both.exit(), both::toString);
        assertEquals("soci-builder: give --tag-suffix or --output-tag, not both", both.errLines().get(0));
        assertTrue(both.err().contains("usage: soci-builder"));
    }

    @Test
    void toWritesTheResultToAnotherStore() throws Exception {
        String repo = pushed("to");
        StoredImage source = StoredImage.registry(registry.host(), "to");
        Path dest = work.resolve("dest");
        JsonNode json = onlyJson(convert("--json", "--to", "oci:" + dest, repo + ":v1"));
        StoredImage stored = StoredImage.layout(dest);
        ConversionContract.checkConverted(json, repo + ":v1", source, "v1", "oci:" + dest + ":v1-soci", stored, "v1-soci");
        assertTrue(source.manifest("v1-soci").isEmpty(), "the source repository is left alone");
        assertEquals(0, Cli.run("verify", "oci:" + dest + ":v1-soci").exit());

        JsonNode tagged = onlyJson(convert("--json", "--to", "oci:" + dest + ":mine", repo + ":v1"));
        assertEquals("oci:" + dest + ":mine", tagged.get("target").asText());
        assertEquals(json.get("targetDigest"), tagged.get("targetDigest"));
    }

    @Test
    void badOptionValuesAreUsageErrorsAndWriteNothing() {
        Path dest = work.resolve("never");
        for (List<String> args : List.of(
                List.of("--span-size", "0"), List.of("--min-layer-size", "-1"), List.of("--parallelism", "0"),
                List.of("--platform", "linux"), List.of("--retries", "-1"), List.of("--span-size", "4M"))) {
            String[] argv = Stream.concat(Stream.concat(Stream.of("convert", "--to", "oci:" + dest), args.stream()),
                    Stream.of("oci:" + layout + ":v1")).toArray(String[]::new);
            Cli.Result result = Cli.run(argv);
            assertEquals(2, result.exit(), result::toString);
            assertTrue(result.err().contains("usage: soci-builder"), result::toString);
        }
        assertFalse(Files.exists(dest));
    }

    private static Path copyOf(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

}
