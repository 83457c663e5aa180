package dev.sociindex.index;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;

import dev.sociindex.oci.Digests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests written by real Go tools: umoci (OCI layout, Go 1.19 encoder) and skopeo (Docker schema 2 and OCI
 * conversions). Go's encoder is the oracle for our canonical writer: parsing its output and writing it again
 * must give the same bytes.
 */
class RealManifestsTest {
    @TempDir
    static Path work;

    /** Annotation values that exercise the escaping rules (minus backspace and form feed, which Go 1.19 still wrote as six-character escapes). */
    private static final String WEIRD_ANNOTATIONS = String.join(" ",
            "--manifest.annotation $'x.weird=<a&b> \"q\" \\\\ \\xc3\\xa9\\ttab\\x01ctl\\x1f\\n\\r\\xe2\\x80\\xa8ls\\xe2\\x80\\xa9'",
            "--manifest.annotation 'Z=upper'",
            "--manifest.annotation 'a=lower'",
            "--manifest.annotation $'\\xc3\\xa9=accent'",
            "--manifest.annotation $'\\xf0\\x9f\\x98\\x80=emoji'",
            "--manifest.annotation $'\\xef\\xbd\\xa1=halfwidth'");

    @BeforeAll
    static void buildImages() throws Exception {
        ImageTools.bash(work, """
                umoci init --layout oci
                umoci new --image oci:t
                umoci unpack --rootless --image oci:t bundle
                mkdir -p bundle/rootfs/etc && echo hello > bundle/rootfs/etc/greeting
                umoci repack --image oci:t bundle
                umoci config --image oci:t %s
                skopeo copy -q --format v2s2 oci:oci:t dir:docker
                skopeo copy -q --format oci dir:docker oci:converted:t
                """.formatted(WEIRD_ANNOTATIONS));
    }

    private static byte[] taggedManifest(Path layout) throws IOException {
        ImageIndex index = ImageIndex.parse(Files.readAllBytes(layout.resolve("index.json")));
        return ImageTools.blob(layout, index.manifestList().get(0).digest());
    }

    /** {@code json.Encoder} (umoci) appends a newline that {@code json.Marshal} does not. */
    private static byte[] withoutTrailingNewline(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    @Test
    void umociManifestWithAwkwardAnnotationsRoundTripsByteForByte() throws IOException {
        byte[] goBytes = withoutTrailingNewline(taggedManifest(work.resolve("oci")));
        ImageManifest manifest = ImageManifest.parse(goBytes);

        assertEquals("<a&b> \"q\" \\ é\ttab\u0001ctl\u001f\n\r\u2028ls\u2029", manifest.annotations().get("x.weird"));
        assertEquals(List.of("Z", "a", "x.weird", "é", "｡", "😀"), List.copyOf(manifest.annotations().keySet()));
        assertEquals(new String(goBytes, StandardCharsets.UTF_8), new String(manifest.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void goWrittenIndexesRoundTripByteForByte() throws IOException {
        for (String layout : List.of("oci", "converted")) {
            byte[] goBytes = withoutTrailingNewline(Files.readAllBytes(work.resolve(layout).resolve("index.json")));
            assertArrayEquals(goBytes, ImageIndex.parse(goBytes).toJson(), layout + "/index.json");
        }
    }

    @Test
    void skopeoOciConversionOutputIsAlreadyCanonical() throws IOException {
        byte[] goBytes = taggedManifest(work.resolve("converted"));
        ImageManifest manifest = ImageManifest.parse(goBytes);
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertArrayEquals(goBytes, manifest.toJson());
    }

    @Test
    void dockerManifestIsRewrittenToAnOciManifestPointingAtItsSociIndex() throws IOException {
        Path docker = work.resolve("docker");
        byte[] dockerBytes = Files.readAllBytes(docker.resolve("manifest.json"));
        ImageManifest original = ImageManifest.parse(dockerBytes);
        assertEquals(MediaTypes.DOCKER_MANIFEST, original.mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, original.config().mediaType());
        // containers/image writes size before digest: valid JSON, but not the OCI struct order.
        assertNotEquals(new String(dockerBytes, StandardCharsets.UTF_8), new String(original.toJson(), StandardCharsets.UTF_8));

        Descriptor layer = original.layerList().get(0);
        ImageManifest soci = SociIndexManifest.build(List.of(new ZtocReference(Digests.sha256(new byte[] {7}), 100,
                layer.digest(), layer.mediaType(), 1 << 22, false)), "test");
        String sociDigest = Canonical.of(soci).digest();
        Canonical<ImageManifest> rewritten = Canonical.of(SociV2Assembler.rewriteImageManifest(original, Optional.of(sociDigest)));

        ImageManifest reparsed = ImageManifest.parse(rewritten.bytes());
        assertEquals(MediaTypes.OCI_MANIFEST, reparsed.mediaType());
        assertEquals(MediaTypes.OCI_CONFIG, reparsed.config().mediaType());
        assertEquals(original.config().digest(), reparsed.config().digest());
        assertEquals(original.config().size(), reparsed.config().size());
        byte[] config = ImageTools.blob(docker, reparsed.config().digest());
        assertEquals(reparsed.config().digest(), Digests.sha256(config), "config bytes are untouched");
        assertEquals(original.layers(), reparsed.layers(), "layers are untouched, Docker media types included");
        assertEquals(Map.of(SociAnnotations.INDEX_DIGEST, sociDigest), reparsed.annotations());
        assertEquals(Digests.sha256(rewritten.bytes()), rewritten.digest());
        assertArrayEquals(rewritten.bytes(), reparsed.toJson(), "M' is canonical");
    }

    @Test
    void ociManifestKeepsItsAnnotationsWhenRewritten() throws IOException {
        ImageManifest original = ImageManifest.parse(taggedManifest(work.resolve("oci")));
        String sociDigest = Digests.sha256(new byte[] {9});
        ImageManifest rewritten = SociV2Assembler.rewriteImageManifest(original, Optional.of(sociDigest));

        assertEquals(original.annotations().size() + 1, rewritten.annotations().size());
        assertEquals(original.annotations().get("x.weird"), rewritten.annotations().get("x.weird"));
        assertEquals(sociDigest, rewritten.annotations().get(SociAnnotations.INDEX_DIGEST));
        assertEquals(original.config().digest(), rewritten.config().digest());
        assertEquals(original.layers(), rewritten.layers());

        ImageManifest withoutIndex = SociV2Assembler.rewriteImageManifest(original, Optional.empty());
        assertEquals(MediaTypes.OCI_MANIFEST, withoutIndex.mediaType());
        assertEquals(original.annotations(), withoutIndex.annotations());
    }
}
