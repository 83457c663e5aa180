package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert} never writes the source's tag, and replaces an output tag only when it holds our own output. */
class SourceProtectionTest {
    @TempDir
    static Path work;
    static Path layout;
    static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        layout = CliImages.create(work.resolve("layout"));
        OciImages.create(layout, "other", "arm64", List.of(Map.of("etc/other", "not ours\n".getBytes(StandardCharsets.UTF_8))));
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    private static Cli.Result convert(String... args) {
        List<String> argv = new ArrayList<>(List.of("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE));
        argv.addAll(List.of(args));
        return Cli.run(argv.toArray(String[]::new));
    }

    private static void assertRefusedAsSource(Cli.Result result) {
        assertEquals(2, result.exit(), result::toString);
        assertTrue(result.errLines().getFirst().startsWith("soci-builder: the output ")
                && result.errLines().getFirst().contains("is the source"), result::toString);
    }

    @Test
    void everySpellingOfTheSourceTagAsTheOutputIsAUsageErrorAndWritesNothing() throws Exception {
        registry.push(layout, "v1", "self", "v1");
        String repo = registry.host() + "/self";
        StoredImage stored = StoredImage.registry(registry.host(), "self");
        String before = stored.manifestDigest("v1");
        String localhost = "localhost:" + registry.port();
        for (List<String> args : List.of(
                List.of("--tag-suffix", "", repo + ":v1"),
                List.of("--output-tag", "v1", repo + ":v1"),
                List.of("--to", repo + ":v1", repo + ":v1"),
                List.of("--to", "LocalHost:" + registry.port() + "/self:v1", localhost + "/self:v1"),
                List.of("--to", "docker://" + repo + ":v1", repo + ":v1"))) {
            assertRefusedAsSource(convert(args.toArray(String[]::new)));
        }
        assertEquals(before, stored.manifestDigest("v1"));
        assertTrue(stored.manifest("v1-soci").isEmpty());

        // Docker Hub's three host names and the default HTTPS port are one registry; refused before any connection
        assertRefusedAsSource(convert("--to", "index.docker.io/library/app:v1", "docker.io/library/app:v1"));
        assertRefusedAsSource(convert("--to", "registry-1.docker.io:443/library/app:v1", "docker.io/library/app:v1"));

        Cli.Result digest = convert("--to", repo + "@sha256:" + "0".repeat(64), repo + ":v1");
        assertEquals(2, digest.exit(), digest::toString);
        assertTrue(digest.errLines().getFirst().contains("--to names a digest"), digest::toString);
    }

    @Test
    void aLayoutOrArchiveIsTheSameWhateverThePathSpelling() throws Exception {
        Path copy = work.resolve("copy");
        OciImages.create(copy, "v1", "amd64", List.of(Map.of("a", new byte[10])));
        byte[] index = Files.readAllBytes(copy.resolve("index.json"));
        Path link = Files.createSymbolicLink(work.resolve("link"), copy);
        assertRefusedAsSource(convert("--tag-suffix", "", "oci:" + copy + ":v1"));
        assertRefusedAsSource(convert("--to", "oci:" + work + "/./x/../copy:v1", "oci:" + copy + ":v1"));
        assertRefusedAsSource(convert("--to", "oci:" + link + ":v1", "oci:" + copy + ":v1"));
        assertArrayEquals(index, Files.readAllBytes(copy.resolve("index.json")));

        Path archive = work.resolve("image.tar");
        OciImages.archive(copy, archive);
        byte[] archived = Files.readAllBytes(archive);
        assertRefusedAsSource(convert("--output-tag", "v1", "oci-archive:" + archive + ":v1"));
        assertArrayEquals(archived, Files.readAllBytes(archive));
    }

    @Test
    void anOutputTagHoldingAForeignImageIsReplacedOnlyWithOverwriteTag() throws Exception {
        registry.push(layout, "v1", "taken", "v1");
        registry.push(layout, "other", "taken", "v1-soci");
        StoredImage stored = StoredImage.registry(registry.host(), "taken");
        String foreign = stored.manifestDigest("v1-soci");
        String repo = registry.host() + "/taken";

        Cli.Result refused = convert("--json", repo + ":v1");
        assertEquals(1, refused.exit(), refused::toString);
        String line = refused.errLines().getFirst();
        assertTrue(line.startsWith("soci-builder convert: " + repo + ":v1-soci already holds an image manifest " + foreign),
                line);
        assertTrue(line.contains("--overwrite-tag"), line);
        JsonNode json = new ObjectMapper().readTree(refused.out());
        assertEquals("failed", json.get("status").asText());
        assertEquals(repo + ":v1", json.get("input").asText());
        assertEquals(line.substring("soci-builder convert: ".length()), json.get("error").asText());
        assertEquals(foreign, stored.manifestDigest("v1-soci"), "left as it was");

        Cli.Result replaced = convert("--overwrite-tag", repo + ":v1");
        assertEquals(0, replaced.exit(), replaced::toString);
        String ours = stored.manifestDigest("v1-soci");
        assertTrue(!ours.equals(foreign));

        // an earlier output of ours (other build options) is replaced without the option
        Cli.Result rebuilt = convert("--span-size", "524288", repo + ":v1");
        assertEquals(0, rebuilt.exit(), rebuilt::toString);
        assertTrue(rebuilt.out().startsWith("converted "), rebuilt::toString);
        assertTrue(!ours.equals(stored.manifestDigest("v1-soci")));
    }
}
