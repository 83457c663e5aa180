package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference CLI's extras as commands, run in-process like main: {@code convert --optimizations xattr
 * --prefetch-file --prefetch-files-json --force --tag-when-empty}, {@code inspect}, {@code get-file} through the
 * real registry and {@code ztoc get-file} on files.
 */
class ReferenceFeaturesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = Encoders.mixedData(21, 1_500_000);

    @TempDir
    static Path work;
    static Path layout;
    static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        layout = work.resolve("layout");
        OciImages.create(layout, "v1", "amd64", List.of(
                Map.of("opt/app/data.bin", DATA),
                Map.of("etc/app.conf", "mode = lazy\n".getBytes(StandardCharsets.US_ASCII))));
        OciImages.create(layout, "tiny", "amd64", List.of(Map.of("etc/tiny.conf", "tiny\n".getBytes(StandardCharsets.US_ASCII))));
        registry = LocalRegistry.start();
        registry.push(layout, "v1", "features/app", "v1");
        registry.push(layout, "tiny", "features/app", "tiny");
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    private static Cli.Result convert(String... args) {
        String[] argv = new String[args.length + 5];
        System.arraycopy(new String[] {"convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--span-size", CliImages.SPAN_SIZE}, 0, argv, 0, 5);
        System.arraycopy(args, 0, argv, 5, args.length);
        return Cli.run(argv);
    }

    @Test
    void convertWithXattrAndPrefetchThenInspectShowsBoth() throws Exception {
        Path json = Files.writeString(work.resolve("prefetch.json"), "[\"/opt/app/data.bin\"]");
        String image = registry.host() + "/features/app:v1";
        Cli.Result converted = convert("--json", "--optimizations", "xattr", "--prefetch-files-json", json.toString(),
                "--output-tag", "v1-extras", image);
        assertEquals(0, converted.exit(), converted::toString);
        assertEquals("converted", JSON.readTree(converted.out()).path("status").asText());

        Cli.Result inspected = Cli.run("inspect", "--json", registry.host() + "/features/app:v1-extras");
        assertEquals(0, inspected.exit(), inspected::toString);
        JsonNode layers = JSON.readTree(inspected.out()).path("platforms").get(0).path("layers");
        JsonNode big = layers.get(0);
        assertTrue(big.path("disableXattrs").asBoolean(), inspected.out());
        assertTrue(big.path("spans").asInt() >= 5, inspected.out());
        assertEquals(0, big.path("prefetchSpans").get(0).path("startSpan").asInt(), inspected.out());
        assertTrue(layers.get(1).path("ztocDigest").isNull(), "the small layer has no zTOC");

        Cli.Result text = Cli.run("inspect", registry.host() + "/features/app:v1-extras");
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("linux/amd64: manifest sha256:"), text.out());
        assertTrue(text.out().contains(", disable-xattrs, prefetch spans 0-"), text.out());
        assertTrue(text.out().contains(": no zTOC\n"), text.out());
    }

    @Test
    void getFileFetchesOnlyWhatTheFileNeedsAndSaysHowMuch() throws Exception {
        String image = registry.host() + "/features/app:v1";
        assertEquals(0, convert("--output-tag", "v1-get", image).exit());
        Path out = work.resolve("data.bin");

        Cli.Result read = Cli.run("get-file", "-o", out.toString(), registry.host() + "/features/app:v1-get", "/opt/app/data.bin");

        assertEquals(0, read.exit(), read::toString);
        assertArrayEquals(DATA, Files.readAllBytes(out));
        assertTrue(read.err().startsWith("opt/app/data.bin: 1500000 bytes from sha256:"), read.err());
        assertTrue(read.err().contains("; fetched "), read.err());

        Cli.Result small = Cli.run("get-file", registry.host() + "/features/app:v1-get", "etc/app.conf");
        assertEquals(0, small.exit(), small::toString);
        assertEquals("mode = lazy\n", small.out());

        Cli.Result missing = Cli.run("get-file", registry.host() + "/features/app:v1-get", "/etc/none");
        assertEquals(1, missing.exit(), missing::toString);
        assertEquals(List.of("soci-builder get-file: " + registry.host() + "/features/app:v1-get holds no etc/none"), missing.errLines());
        assertFalse(Files.exists(work.resolve("none")));
    }

    @Test
    void ztocGetFileReadsAFileOfALayerFile() throws Exception {
        Path layer;
        try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
            layer = blobs.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow(); // the data layer
        }
        Path ztoc = work.resolve("big.ztoc");
        assertEquals(0, Cli.run("ztoc", "build", "--span-size", CliImages.SPAN_SIZE, "-o", ztoc.toString(), layer.toString()).exit());

        Path out = work.resolve("ztoc-data.bin");

        Cli.Result read = Cli.run("ztoc", "get-file", "-o", out.toString(), ztoc.toString(), layer.toString(), "/opt/app/data.bin");

        assertEquals(0, read.exit(), read.err());
        assertArrayEquals(DATA, Files.readAllBytes(out));
        assertEquals("", read.out());
        assertTrue(read.err().contains("bytes from " + layer.getFileName() + " (spans 0.."), read.err());
    }

    @Test
    void tagWhenEmptyAndForce() throws Exception {
        String tiny = registry.host() + "/features/app:tiny";
        Cli.Result plain = convert("--json", tiny);
        assertEquals(0, plain.exit(), plain::toString);
        assertTrue(JSON.readTree(plain.out()).path("target").isNull());

        Cli.Result tagged = convert("--json", "--tag-when-empty", tiny);
        assertEquals(0, tagged.exit(), tagged::toString);
        JsonNode result = JSON.readTree(tagged.out());
        assertEquals("skipped", result.path("status").asText());
        assertEquals(registry.host() + "/features/app:tiny-soci", result.path("target").asText());
        assertEquals(0, Cli.run("verify", registry.host() + "/features/app:tiny-soci").exit());

        String image = registry.host() + "/features/app:v1";
        assertEquals(0, convert("--output-tag", "v1-force", image).exit());
        assertEquals("already-converted", JSON.readTree(convert("--json", "--output-tag", "v1-force", image).out()).path("status").asText());
        assertEquals("converted", JSON.readTree(convert("--json", "--force", "--output-tag", "v1-force", image).out()).path("status").asText());
    }

    @Test
    void backfillTakesTheXattrOptimizationToo() throws Exception {
        registry.push(layout, "v1", "features/backfill", "v1");
        Cli.Result backfill = Cli.run("backfill", "--optimizations", "xattr", "--min-layer-size", CliImages.MIN_LAYER_SIZE,
                registry.host() + "/features/backfill");
        assertEquals(0, backfill.exit(), backfill::toString);

        Cli.Result inspected = Cli.run("inspect", "--json", registry.host() + "/features/backfill:v1-soci");
        assertEquals(0, inspected.exit(), inspected::toString);
        assertTrue(JSON.readTree(inspected.out()).path("platforms").get(0).path("layers").get(0).path("disableXattrs").asBoolean(),
                inspected.out());
    }

    @Test
    void badExtrasAreUsageErrors() {
        Cli.Result optimization = convert("--optimizations", "all", registry.host() + "/features/app:v1");
        assertEquals(2, optimization.exit(), optimization::toString);
        assertTrue(optimization.err().contains("--optimizations: the only optimization is xattr, got 'all'"), optimization.err());
        Cli.Result path = convert("--prefetch-file", "/", registry.host() + "/features/app:v1");
        assertEquals(2, path.exit(), path::toString);
    }
}
