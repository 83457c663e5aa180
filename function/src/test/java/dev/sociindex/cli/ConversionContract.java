package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Checks every field of {@code convert --json}'s output against what is actually stored. */
final class ConversionContract {
    private static final Set<String> TOP_FIELDS = Set.of("status", "source", "sourceDigest", "target", "targetDigest",
            "platforms");
    private static final Set<String> PLATFORM_FIELDS = Set.of("platform", "manifestDigest", "sociIndexDigest", "layers");
    private static final Set<String> LAYER_FIELDS = Set.of("digest", "size", "mediaType", "ztocDigest", "ztocSize",
            "skipCode", "skipped");

    private ConversionContract() {
    }

    /**
     * A {@code converted} result of the single-platform {@link CliImages} image: source read from {@code sourceStore}
     * under {@code sourceTag}, output written to {@code targetStore} under {@code targetTag}.
     */
    static void checkConverted(JsonNode json, String source, StoredImage sourceStore, String sourceTag, String target,
                               StoredImage targetStore, String targetTag) throws Exception {
        assertEquals(TOP_FIELDS, fieldNames(json));
        assertEquals("converted", json.get("status").asText());
        assertEquals(source, json.get("source").asText());
        assertEquals(sourceStore.manifestDigest(sourceTag), json.get("sourceDigest").asText());
        assertEquals(target, json.get("target").asText());
        assertEquals(targetStore.manifestDigest(targetTag), json.get("targetDigest").asText());

        JsonNode platforms = json.get("platforms");
        assertEquals(1, platforms.size());
        JsonNode platform = platforms.get(0);
        assertEquals(PLATFORM_FIELDS, fieldNames(platform));
        assertEquals("linux/amd64", platform.get("platform").asText());
        String manifestDigest = platform.get("manifestDigest").asText();
        String sociIndexDigest = platform.get("sociIndexDigest").asText();

        JsonNode outputIndex = targetStore.manifestJson(targetTag);
        JsonNode imageDescriptor = outputIndex.get("manifests").get(0);
        JsonNode sociDescriptor = outputIndex.get("manifests").get(1);
        assertEquals(manifestDigest, imageDescriptor.get("digest").asText());
        assertEquals(sociIndexDigest, sociDescriptor.get("digest").asText());
        assertEquals("application/vnd.amazon.soci.index.v2+json", sociDescriptor.get("artifactType").asText());
        assertEquals(manifestDigest, sociDescriptor.get("annotations").get("com.amazon.soci.image-manifest-digest").asText());
        assertEquals(sociIndexDigest, targetStore.manifestJson(manifestDigest).get("annotations")
                .get("com.amazon.soci.index-digest").asText());

        Map<String, JsonNode> ztocByLayer = new HashMap<>();
        for (JsonNode ztoc : targetStore.manifestJson(sociIndexDigest).get("layers")) {
            ztocByLayer.put(ztoc.get("annotations").get("com.amazon.soci.image-layer-digest").asText(), ztoc);
        }
        JsonNode sourceLayers = sourceStore.manifestJson(sourceTag).get("layers");
        JsonNode layers = platform.get("layers");
        assertEquals(sourceLayers.size(), layers.size());
        int indexed = 0;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            JsonNode expected = sourceLayers.get(i);
            assertEquals(LAYER_FIELDS, fieldNames(layer));
            String digest = layer.get("digest").asText();
            assertEquals(expected.get("digest").asText(), digest);
            assertEquals(expected.get("size").asLong(), layer.get("size").asLong());
            assertEquals(expected.get("mediaType").asText(), layer.get("mediaType").asText());
            JsonNode ztoc = ztocByLayer.get(digest);
            if (layer.get("ztocDigest").isNull()) {
                assertFalse(ztocByLayer.containsKey(digest), "a skipped layer has a zTOC in the SOCI index");
                assertTrue(layer.get("skipped").isTextual() && !layer.get("skipped").asText().isBlank(), layer::toString);
                assertTrue(layer.get("skipCode").isTextual(), layer::toString);
                assertEquals(0, layer.get("ztocSize").asLong());
            } else {
                indexed++;
                assertNotNull(ztoc, "no zTOC for " + digest + " in the SOCI index");
                assertEquals(ztoc.get("digest").asText(), layer.get("ztocDigest").asText());
                assertEquals(ztoc.get("size").asLong(), layer.get("ztocSize").asLong());
                assertEquals(ztoc.get("size").asLong(), targetStore.blob(ztoc.get("digest").asText()).length);
                assertTrue(layer.get("skipped").isNull() && layer.get("skipCode").isNull(), layer::toString);
            }
        }
        assertEquals(1, indexed, "exactly the big layer is indexed: " + layers);
        assertEquals(1, ztocByLayer.size());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
