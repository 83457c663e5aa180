package dev.sociindex.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding and canonical re-encoding of manifests and indexes, against hand-checked Go outputs. */
class OciJsonTest {
    private static final String LAYER = "sha256:" + "1".repeat(64);
    private static final String CONFIG = "sha256:" + "2".repeat(64);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A manifest using every field, written as Go writes it. */
    private static final String FULL_MANIFEST = "{\"schemaVersion\":2,"
            + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\"application/x.test\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":7},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + LAYER + "\",\"size\":123,"
            + "\"urls\":[\"https://example.com/a?b=1\\u0026c=2\"],"
            + "\"annotations\":{\"Z\":\"1\",\"a\":\"\\u003cx\\u003e\",\"é\":\"\"},"
            + "\"data\":\"e30=\","
            + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"os.version\":\"5.1\",\"os.features\":[\"f1\",\"f2\"],\"variant\":\"v7\"},"
            + "\"artifactType\":\"application/x.layer\"}],"
            + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + LAYER + "\",\"size\":9},"
            + "\"annotations\":{\"org.opencontainers.image.title\":\"t\\n\"}}";

    @Test
    void canonicalInputRoundTripsByteForByte() {
        ImageManifest manifest = ImageManifest.parse(utf8(FULL_MANIFEST));
        assertEquals(FULL_MANIFEST, string(manifest.toJson()));
        assertEquals("{}", manifest.layers().get(0).data().utf8String());
        assertEquals(List.of("f1", "f2"), manifest.layers().get(0).platform().osFeatures());
        assertEquals("<x>", manifest.layers().get(0).annotations().get("a"));
    }

    @Test
    void nonCanonicalInputIsNormalisedAsGoWouldRemarshalIt() {
        String messy = " {\n  \"layers\" : [ { \"size\":123, \"digest\":\"" + LAYER + "\", \"unknown\":[1,{\"x\":null}],"
                + " \"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\" } ],\n"
                + "  \"annotations\": {\"b\":\"2\", \"a\":\"1\"},\n"
                + "  \"config\": {\"digest\":\"" + CONFIG + "\",\"size\":7,\"mediaType\":\"application/vnd.oci.image.config.v1+json\"},"
                + "  \"SchemaVersion\": 2, \"extra\": true, \"mediaType\":\"application/vnd.oci.image.manifest.v1+json\" }\n";
        String expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":7},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + LAYER + "\",\"size\":123}],"
                + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}";
        assertEquals(expected, string(ImageManifest.parse(utf8(messy)).toJson()));
    }

    @Test
    void dockerManifestListIsReadAsAnIndexAndDockerOnlyFieldsAreDropped() {
        String list = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":528,"
                + "\"digest\":\"" + LAYER + "\",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\","
                + "\"features\":[\"sse4\"]}}]}";
        ImageIndex index = ImageIndex.parse(utf8(list));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"digest\":\"" + LAYER + "\",\"size\":528,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}]}",
                string(index.toJson()));
    }

    @Test
    void nilAndEmptyListsDifferForNonOmitemptyFields() {
        assertEquals("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"\",\"digest\":\"\",\"size\":0},\"layers\":null}",
                string(ImageManifest.parse(utf8("{\"schemaVersion\":2}")).toJson()));
        assertEquals("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"\",\"digest\":\"\",\"size\":0},\"layers\":null}",
                string(ImageManifest.parse(utf8("{\"schemaVersion\":2,\"layers\":null,\"config\":null}")).toJson()));
        assertEquals("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"\",\"digest\":\"\",\"size\":0},\"layers\":[]}",
                string(ImageManifest.parse(utf8("{\"schemaVersion\":2,\"layers\":[]}")).toJson()));
        assertEquals("{\"schemaVersion\":0,\"manifests\":null}", string(ImageIndex.parse(utf8("{}")).toJson()));
    }

    @Test
    void omitemptyFieldsDisappearWhenEmptyButPresentPointersStay() {
        String input = "{\"schemaVersion\":2,\"mediaType\":\"\",\"artifactType\":\"\",\"layers\":[{\"mediaType\":\"m\","
                + "\"digest\":\"d\",\"size\":1,\"urls\":[],\"annotations\":{},\"data\":\"\",\"platform\":{},\"artifactType\":\"\"}],"
                + "\"subject\":{},\"annotations\":{}}";
        assertEquals("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"\",\"digest\":\"\",\"size\":0},"
                + "\"layers\":[{\"mediaType\":\"m\",\"digest\":\"d\",\"size\":1,\"platform\":{\"architecture\":\"\",\"os\":\"\"}}],"
                + "\"subject\":{\"mediaType\":\"\",\"digest\":\"\",\"size\":0}}",
                string(ImageManifest.parse(utf8(input)).toJson()));
    }

    @Test
    void nullElementsDecodeToZeroValuesAsInGo() {
        String input = "{\"manifests\":[null,{\"mediaType\":null,\"digest\":\"d\",\"size\":null,\"urls\":[null],"
                + "\"annotations\":{\"k\":null},\"platform\":null}],\"annotations\":null}";
        assertEquals("{\"schemaVersion\":0,\"manifests\":[{\"mediaType\":\"\",\"digest\":\"\",\"size\":0},"
                + "{\"mediaType\":\"\",\"digest\":\"d\",\"size\":0,\"urls\":[\"\"],\"annotations\":{\"k\":\"\"}}]}",
                string(ImageIndex.parse(utf8(input)).toJson()));
    }

    @Test
    void memberNamesMatchCaseInsensitivelyAndTheLastMatchWins() {
        ImageIndex index = ImageIndex.parse(utf8("{\"schemaversion\":1,\"SCHEMAVERSION\":2,\"MediaType\":\"x\"}"));
        assertEquals(2, index.schemaVersion());
        assertEquals("x", index.mediaType());
    }

    @Test
    void escapedInputIsDecodedAndReEscapedTheGoWay() {
        // \u00e9 and \/ are valid JSON escapes Go decodes; it re-encodes é raw and / unescaped, and \ud800 as U+FFFD.
        ImageIndex index = ImageIndex.parse(utf8("{\"annotations\":{\"k\":\"\\u00e9\\/\\ud800<\\u0008\"}}"));
        assertEquals("{\"schemaVersion\":0,\"manifests\":null,\"annotations\":{\"k\":\"é/\\ufffd\\u003c\\b\"}}",
                string(index.toJson()));
    }

    @Test
    void modelsBuiltInCodeSerialiseInGoFieldOrder() {
        Descriptor descriptor = new Descriptor("m", "d", 5, List.of("u"), Map.of("b", "2", "a", "1"),
                RawBytes.utf8("hi"), Platform.of("linux", "amd64", ""), "t");
        assertEquals("{\"mediaType\":\"m\",\"digest\":\"d\",\"size\":5,\"urls\":[\"u\"],\"annotations\":{\"a\":\"1\",\"b\":\"2\"},"
                + "\"data\":\"aGk=\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"artifactType\":\"t\"}",
                string(descriptor.toJson()));
        assertEquals("{\"mediaType\":\"\",\"digest\":\"\",\"size\":0}", string(Descriptor.ZERO.toJson()));
    }

    @Test
    void wrongTypesAreReportedWithTheirJsonPath() {
        ManifestFormatException e = assertThrows(ManifestFormatException.class, () -> ImageManifest.parse(
                utf8("{\"layers\":[{\"size\":1},{\"size\":\"12\"}]}")));
        assertEquals("image manifest.layers[1].size must be a 64-bit integer, found \"12\"", e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageManifest.parse(utf8("{\"config\":{\"size\":1.5}}")));
        assertEquals("image manifest.config.size must be a 64-bit integer, found 1.5", e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageIndex.parse(utf8("{\"manifests\":{}}")));
        assertEquals("image index.manifests must be an array, found {}", e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageIndex.parse(utf8("{\"annotations\":{\"a\":1}}")));
        assertEquals("image index.annotations.a must be a string, found 1", e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageManifest.parse(utf8("{\"layers\":[{\"data\":\"*\"}]}")));
        assertTrue(e.getMessage().startsWith("image manifest.layers[0].data is not valid base64"), e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageManifest.parse(
                utf8("{\"config\":{\"size\":99999999999999999999}}")));
        assertTrue(e.getMessage().startsWith("image manifest.config.size must be a 64-bit integer"), e.getMessage());
    }

    @Test
    void malformedDocumentsAreRejectedWithTheirOffset() {
        ManifestFormatException e = assertThrows(ManifestFormatException.class,
                () -> ImageManifest.parse(utf8("{\"schemaVersion\":2,}")));
        assertTrue(e.getMessage().startsWith("image manifest is not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(at byte offset 19)"), e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageManifest.parse(utf8("{} {}")));
        assertTrue(e.getMessage().startsWith("image manifest is not valid JSON"), e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageIndex.parse(utf8("[]")));
        assertEquals("image index must be a JSON object, found ARRAY", e.getMessage());
        e = assertThrows(ManifestFormatException.class, () -> ImageIndex.parse(new byte[0]));
        assertEquals("image index is empty", e.getMessage());
    }

    @Test
    void accessorsTreatNilListsAsEmpty() {
        ImageManifest manifest = ImageManifest.parse(utf8("{}"));
        assertNull(manifest.layers());
        assertEquals(List.of(), manifest.layerList());
        assertEquals(List.of(), ImageIndex.parse(utf8("{}")).manifestList());
    }

    @Test
    void canonicalBytesAndDigestAgree() {
        Canonical<ImageManifest> canonical = Canonical.of(ImageManifest.parse(utf8(FULL_MANIFEST)));
        assertArrayEquals(utf8(FULL_MANIFEST), canonical.bytes());
        assertEquals(Digests.sha256(utf8(FULL_MANIFEST)), canonical.digest());
        assertEquals(FULL_MANIFEST.getBytes(StandardCharsets.UTF_8).length, canonical.size());
        assertEquals(MediaTypes.OCI_MANIFEST, canonical.toManifestData().mediaType());
        assertEquals(canonical.digest(), canonical.toManifestData().digest());
    }
}
