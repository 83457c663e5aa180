package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}: accepts what {@code convert} wrote, rejects unconverted images and tampered zTOCs. */
class VerifyCommandTest {
    @TempDir
    static Path work;
    static Path layout;

    @BeforeAll
    static void convert() throws Exception {
        layout = CliImages.create(work.resolve("layout"));
        Cli.Result result = Cli.run("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--span-size",
                CliImages.SPAN_SIZE, "oci:" + layout + ":v1");
        assertEquals(0, result.exit(), result::toString);
    }

    @Test
    void acceptsAConvertedImage() throws Exception {
        String digest = StoredImage.layout(layout).manifestDigest("v1-soci");
        Cli.Result result = Cli.run("verify", "oci:" + layout + ":v1-soci");
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of("verified oci:" + layout + ":v1-soci (" + digest + "): 1 SOCI index(es), 1 zTOC(s), no problems"),
                result.out().lines().toList());

        Cli.Result json = Cli.run("verify", "--json", "oci:" + layout + ":v1-soci");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertEquals(1, json.out().lines().count());
        assertTrue(report.get("ok").asBoolean());
        assertEquals(digest, report.get("indexDigest").asText());
        assertEquals(1, report.get("ztocs").asInt());
        assertEquals(0, report.get("problems").size());
    }

    @Test
    void rejectsAnImageThatWasNeverConverted() {
        Cli.Result result = Cli.run("verify", "oci:" + layout + ":v1");
        assertEquals(1, result.exit(), result::toString);
        assertEquals("", result.out());
        List<String> lines = result.errLines();
        assertTrue(lines.size() >= 2, result::toString);
        assertTrue(lines.subList(0, lines.size() - 1).stream().allMatch(l -> l.startsWith("problem: ")), result::toString);
        assertEquals("soci-builder verify: oci:" + layout + ":v1 has " + (lines.size() - 1) + " problem(s)", lines.getLast());
    }

    @Test
    void rejectsAZtocBlobThatWasTamperedWith() throws Exception {
        Path copy = work.resolve("tampered");
        try (var walk = Files.walk(layout)) {
            for (Path path : walk.toList()) {
                Files.copy(path, copy.resolve(layout.relativize(path).toString()));
            }
        }
        StoredImage stored = StoredImage.layout(copy);
        String sociIndex = stored.manifestJson("v1-soci").get("manifests").get(1).get("digest").asText();
        String ztoc = stored.manifestJson(sociIndex).get("layers").get(0).get("digest").asText();
        Path blob = copy.resolve("blobs/sha256").resolve(ztoc.substring("sha256:".length()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(blob, bytes);

        // a blob whose bytes do not match its descriptor is a problem of the image, reported like any other
        Cli.Result result = Cli.run("verify", "oci:" + copy + ":v1-soci");
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.err().contains("problem: blob " + ztoc + " does not match its descriptor"), result::toString);
        assertTrue(result.errLines().get(result.errLines().size() - 1).startsWith("soci-builder verify: oci:" + copy + ":v1-soci has 1 problem"),
                result::toString);
    }
}
