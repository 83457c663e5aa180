package dev.sociindex.layer;

import dev.sociindex.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

class LayerStrategyTest {

    @Test
    void gzipAndTarLayersAreIndexedWithTheirZinfo() {
        assertSame(LayerStrategy.Zinfo.GZIP, LayerStrategy.forMediaType(MediaTypes.OCI_LAYER_GZIP));
        assertSame(LayerStrategy.Zinfo.GZIP, LayerStrategy.forMediaType(MediaTypes.DOCKER_LAYER_GZIP));
        assertSame(LayerStrategy.Zinfo.UNCOMPRESSED, LayerStrategy.forMediaType(MediaTypes.OCI_LAYER_TAR));
        assertSame(LayerStrategy.Zinfo.UNCOMPRESSED, LayerStrategy.forMediaType(MediaTypes.DOCKER_LAYER_TAR));
    }

    @Test
    void otherTypesAreSkippedWithTheReasonsOwnWording() {
        LayerStrategy.Skip zstd = assertInstanceOf(LayerStrategy.Skip.class, LayerStrategy.forMediaType(MediaTypes.OCI_LAYER_ZSTD));
        assertEquals(SkipReason.ZSTD, zstd.reason());
        assertEquals("zstd-compressed layer: SOCI indexes only gzip and uncompressed tar layers", zstd.detail());

        String encrypted = MediaTypes.OCI_LAYER_GZIP + "+encrypted";
        LayerStrategy.Skip wrapped = assertInstanceOf(LayerStrategy.Skip.class, LayerStrategy.forMediaType(encrypted));
        assertEquals(SkipReason.UNSUPPORTED_MEDIA_TYPE, wrapped.reason());
        assertEquals("unsupported layer media type " + encrypted, wrapped.detail());

        LayerStrategy.Skip config = assertInstanceOf(LayerStrategy.Skip.class, LayerStrategy.forMediaType(MediaTypes.OCI_CONFIG));
        assertEquals(SkipReason.NOT_A_LAYER, config.reason());
        assertEquals("not a layer media type: " + MediaTypes.OCI_CONFIG, config.detail());
    }

    @Test
    void detailsTakeTheirSpecificsVerbatim() {
        assertEquals("smaller than the minimum layer size (10 < 20 bytes)", SkipReason.BELOW_MIN_SIZE.detail(10L, 20L));
        // A message with a percent sign stays as it is: specifics are arguments, never formats.
        assertEquals("entry 'a%sb' is sparse", SkipReason.UNSUPPORTED_TAR_ENTRY.detail("entry 'a%sb' is sparse"));
    }
}
