package dev.sociindex.index;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;

import dev.sociindex.oci.Digests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SociIndexManifestTest {
    private static final byte[] ZTOC = "a zTOC flatbuffer stands here".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAYER = "a layer blob stands here".getBytes(StandardCharsets.UTF_8);

    /** Spec 3.3's example with its placeholders filled in: the exact bytes Go writes for a v2 index. */
    @Test
    void reproducesTheSpecExampleByteForByte() {
        String ztoc = Digests.sha256(ZTOC);
        String layer = Digests.sha256(LAYER);
        String expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.amazon.soci.index.v2+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[{\"mediaType\":\"application/octet-stream\",\"digest\":\"sha256:<ztoc>\",\"size\":1234,\"annotations\":{\"com.amazon.soci.image-layer-digest\":\"sha256:<layer>\",\"com.amazon.soci.image-layer-mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"com.amazon.soci.span-size\":\"4194304\"}}],\"annotations\":{\"com.amazon.soci.build-tool-identifier\":\"AWS SOCI CLI v0.2\"}}"
                .replace("sha256:<ztoc>", ztoc).replace("sha256:<layer>", layer);

        ImageManifest index = SociIndexManifest.build(
                List.of(new ZtocReference(ztoc, 1234, layer, MediaTypes.OCI_LAYER_GZIP, 4194304, false)),
                "AWS SOCI CLI v0.2");

        assertEquals(expected, new String(index.toJson(), StandardCharsets.UTF_8));
        assertArrayEquals(index.toJson(), ImageManifest.parse(index.toJson()).toJson(), "canonical: re-marshal is identity");
    }

    @Test
    void keepsLayerOrderAndDuplicatesAndMarksDisabledXattrs() {
        String ztocA = Digests.sha256(new byte[] {1});
        String ztocB = Digests.sha256(new byte[] {2});
        String layerA = Digests.sha256(new byte[] {3});
        String layerB = Digests.sha256(new byte[] {4});
        ImageManifest index = SociIndexManifest.build(List.of(
                new ZtocReference(ztocB, 10, layerB, MediaTypes.DOCKER_LAYER_TAR, 65536, true),
                new ZtocReference(ztocA, 20, layerA, MediaTypes.OCI_LAYER_GZIP, 65536, false),
                new ZtocReference(ztocA, 20, layerA, MediaTypes.OCI_LAYER_GZIP, 65536, false)), "tool");

        assertEquals(List.of(ztocB, ztocA, ztocA), index.layerList().stream().map(Descriptor::digest).toList());
        Descriptor first = index.layerList().get(0);
        assertEquals("true", first.annotations().get(SociAnnotations.DISABLE_XATTRS));
        assertEquals(MediaTypes.DOCKER_LAYER_TAR, first.annotations().get(SociAnnotations.IMAGE_LAYER_MEDIA_TYPE));
        assertEquals("65536", first.annotations().get(SociAnnotations.SPAN_SIZE));
        assertEquals(null, index.layerList().get(1).annotations().get(SociAnnotations.DISABLE_XATTRS));
        // keys go out in bytewise order: "disable-xattrs" before "image-layer-digest"
        String json = new String(first.toJson(), StandardCharsets.UTF_8);
        assertTrue(json.indexOf("disable-xattrs") < json.indexOf("image-layer-digest"), json);
        assertEquals("", index.artifactType());
        assertEquals(null, index.subject());
    }

    @Test
    void configBlobIsTheTwoBytesTheConfigDescriptorNames() {
        assertArrayEquals(new byte[] {'{', '}'}, SociIndexManifest.configBlob());
        assertEquals(SociIndexManifest.CONFIG_DIGEST, Digests.sha256(SociIndexManifest.configBlob()));
        SociIndexManifest.configBlob()[0] = 'x';
        assertEquals(SociIndexManifest.CONFIG_DIGEST, Digests.sha256(SociIndexManifest.configBlob()), "a fresh copy each call");
    }

    @Test
    void refusesToBuildAnEmptyIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SociIndexManifest.build(List.of(), "t"));
        assertEquals("no layer got a zTOC; an empty SOCI index is never written", e.getMessage());
    }

    @Test
    void rejectsMalformedZtocReferences() {
        String good = Digests.sha256(new byte[] {1});
        assertEquals("zTOC digest \"sha256:abc\" is not sha256: followed by 64 lowercase hex digits",
                assertThrows(IllegalArgumentException.class,
                        () -> new ZtocReference("sha256:abc", 1, good, MediaTypes.OCI_LAYER_GZIP, 1, false)).getMessage());
        assertEquals("\"application/vnd.oci.image.config.v1+json\" of layer " + good + " is not a layer media type",
                assertThrows(IllegalArgumentException.class,
                        () -> new ZtocReference(good, 1, good, MediaTypes.OCI_CONFIG, 1, false)).getMessage());
        assertEquals("span size must be positive, was 0 for layer " + good,
                assertThrows(IllegalArgumentException.class,
                        () -> new ZtocReference(good, 1, good, MediaTypes.OCI_LAYER_GZIP, 0, false)).getMessage());
        assertEquals("zTOC size must be positive, was 0 for " + good,
                assertThrows(IllegalArgumentException.class,
                        () -> new ZtocReference(good, 0, good, MediaTypes.OCI_LAYER_GZIP, 1, false)).getMessage());
    }
}
