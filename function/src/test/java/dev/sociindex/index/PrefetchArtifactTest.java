package dev.sociindex.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sociindex.index.PrefetchArtifact.PrefetchSpan;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prefetch artifact body and descriptor, byte for byte as Go's encoding/json writes the reference's structs. */
class PrefetchArtifactTest {
    private static final String LAYER = "sha256:" + "ab".repeat(32);

    @Test
    void spansAreSortedAndOverlappingOrAdjacentRangesMerged() {
        PrefetchArtifact artifact = PrefetchArtifact.merged(LAYER, List.of(
                PrefetchSpan.of(9, 9), PrefetchSpan.of(2, 4), PrefetchSpan.of(0, 1), PrefetchSpan.of(3, 6), PrefetchSpan.of(11, 12)));
        assertEquals(List.of(PrefetchSpan.of(0, 6), PrefetchSpan.of(9, 9), PrefetchSpan.of(11, 12)), artifact.spans());
        assertEquals("{\"version\":\"1.0\",\"prefetch_spans\":[{\"start_span\":0,\"end_span\":6},{\"start_span\":9,\"end_span\":9},"
                + "{\"start_span\":11,\"end_span\":12}]}", new String(artifact.body(), StandardCharsets.UTF_8));
    }

    @Test
    void priorityIsWrittenOnlyWhenNotZeroAsGoOmitemptyDoes() {
        PrefetchArtifact artifact = PrefetchArtifact.merged(LAYER, List.of(new PrefetchSpan(5, 7, 3), PrefetchSpan.of(0, 0)));
        assertEquals("{\"version\":\"1.0\",\"prefetch_spans\":[{\"start_span\":0,\"end_span\":0},{\"start_span\":5,\"end_span\":7,\"priority\":3}]}",
                new String(artifact.body(), StandardCharsets.UTF_8));
    }

    @Test
    void theDescriptorCarriesOnlyTheLayerDigest() {
        PrefetchArtifact artifact = PrefetchArtifact.merged(LAYER, List.of(PrefetchSpan.of(1, 2)));
        byte[] body = artifact.body();
        GoJson json = new GoJson();
        artifact.descriptor().writeTo(json);
        assertEquals("{\"mediaType\":\"application/vnd.amazon.soci.prefetch.v1+json\",\"digest\":\"" + Digests.sha256(body) + "\",\"size\":"
                + body.length + ",\"annotations\":{\"com.amazon.soci.image-layer-digest\":\"" + LAYER + "\"}}",
                new String(json.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyArtifactIsRefusedAsTheSnapshotterRefusesIt() {
        assertThrows(IllegalArgumentException.class, () -> PrefetchArtifact.merged(LAYER, List.of()));
    }
}
