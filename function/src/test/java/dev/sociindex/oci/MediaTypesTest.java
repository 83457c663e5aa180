package dev.sociindex.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

    @ParameterizedTest
    @CsvSource({
        "application/vnd.oci.image.layer.v1.tar+gzip, GZIP",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip, GZIP",
        "application/vnd.docker.image.rootfs.diff.tar.gzip, GZIP",
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip, GZIP",
        "application/vnd.oci.image.layer.v1.tar, UNCOMPRESSED",
        "application/vnd.oci.image.layer.nondistributable.v1.tar, UNCOMPRESSED",
        "application/vnd.docker.image.rootfs.diff.tar, UNCOMPRESSED",
        "application/vnd.docker.image.rootfs.foreign.diff.tar, UNCOMPRESSED",
        "application/vnd.oci.image.layer.v1.tar+zstd, ZSTD",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd, ZSTD",
        "application/vnd.docker.image.rootfs.diff.tar.zstd, ZSTD",
        "application/vnd.oci.image.layer.v1.tar+gzip+encrypted, UNSUPPORTED",
        "application/vnd.oci.image.layer.v1.tar+encrypted, UNSUPPORTED",
        "application/vnd.docker.image.rootfs.diff.tar.gzip+encrypted, UNSUPPORTED",
        "application/vnd.docker.image.rootfs.diff.tar+encrypted, UNSUPPORTED",
        "application/vnd.oci.image.layer.v1.tar+bzip2, UNSUPPORTED",
        "application/vnd.oci.image.layer.v2.tar+gzip, UNSUPPORTED",
    })
    void layerCompressionFollowsTheSpecTable(String mediaType, LayerCompression expected) {
        assertTrue(MediaTypes.isLayer(mediaType));
        assertEquals(expected, MediaTypes.layerCompression(mediaType));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.docker.container.image.v1+json",
        "application/octet-stream",
        "application/vnd.amazon.soci.prefetch.v1+json",
        "application/vnd.in-toto+json",
        "application/vnd.docker.image.rootfs.diff.tar.bz2",
        "",
    })
    void nonLayerTypesAreRecognisedAndRefusedForCompression(String mediaType) {
        assertFalse(MediaTypes.isLayer(mediaType));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaTypes.layerCompression(mediaType));
        assertEquals("\"" + mediaType + "\" is not a layer media type", e.getMessage());
    }

    @Test
    void indexAndManifestTypesOfBothFamilies() {
        assertTrue(MediaTypes.isIndex(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST));
        assertFalse(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST));
        assertTrue(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST));
        assertTrue(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST));
        assertFalse(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST_LIST));
        assertFalse(MediaTypes.isManifest("application/vnd.docker.distribution.manifest.v1+prettyjws"));
    }
}
