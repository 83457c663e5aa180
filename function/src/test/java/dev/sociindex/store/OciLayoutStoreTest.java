package dev.sociindex.store;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.registry.RegistryImageStore;

import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;

import dev.sociindex.oci.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sociindex.testing.TestBytes.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OCI layout store over layouts made by umoci, checked back with umoci and skopeo. */
class OciLayoutStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path umociLayout;

    @BeforeAll
    static void buildLayout(@TempDir Path scratch) throws IOException {
        umociLayout = scratch.resolve("umoci");
        OciImages.create(umociLayout, "v1", "arm64", List.of(
                Map.of("app/run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)),
                Map.of("app/data.bin", randomBytes(30_000, 41))));
    }

    private static Path copyOfLayout(Path target) throws IOException {
        ExternalTool.run(List.of("cp", "-a", umociLayout.toString(), target.toString()));
        return target;
    }

    @Test
    void readsManifestsAndBlobsOfAUmociLayout() throws IOException {
        OciLayoutStore store = OciLayoutStore.open(umociLayout);
        ManifestData manifest = store.getManifest("v1").orElseThrow();
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(Digests.sha256(manifest.bytes()), manifest.digest());
        JsonNode index = JSON.readTree(umociLayout.resolve("index.json").toFile());
        assertEquals(index.path("manifests").get(0).path("digest").asText(), manifest.digest());
        assertArrayEquals(manifest.bytes(), store.getManifest(manifest.digest()).orElseThrow().bytes());
        assertEquals(List.of("v1"), store.listTags());
        JsonNode root = JSON.readTree(manifest.bytes());
        assertEquals(2, root.path("layers").size());
        for (JsonNode layer : root.path("layers")) {
            try (InputStream in = store.openBlob(layer.path("digest").asText(), layer.path("size").asLong())) {
                byte[] bytes = in.readAllBytes();
                assertEquals(layer.path("digest").asText(), Digests.sha256(bytes));
            }
        }
        JsonNode config = JSON.readTree(store.openBlob(root.path("config").path("digest").asText(), -1));
        assertEquals("arm64", config.path("architecture").asText());
        assertEquals(Optional.empty(), store.getManifest("v2"));
        assertEquals(Optional.empty(), store.getManifest(Digests.sha256(new byte[1])));
    }

    @Test
    void addsAndReplacesTagsKeepingTheOthers(@TempDir Path scratch) throws IOException {
        Path layout = copyOfLayout(scratch.resolve("layout"));
        OciLayoutStore store = OciLayoutStore.open(layout);
        ManifestData original = store.getManifest("v1").orElseThrow();
        store.putManifest("v2", original);
        byte[] altered = JSON.writeValueAsBytes(((com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(original.bytes())).put("annotations", JSON.createObjectNode().put("note", "changed")));
        ManifestData changed = new ManifestData(altered, MediaTypes.OCI_MANIFEST, Digests.sha256(altered));
        store.putManifest("v1", changed);

        OciLayoutStore reopened = OciLayoutStore.open(layout);
        assertEquals(List.of("v2", "v1"), reopened.listTags());
        assertArrayEquals(altered, reopened.getManifest("v1").orElseThrow().bytes());
        assertArrayEquals(original.bytes(), reopened.getManifest("v2").orElseThrow().bytes());
        // the real tools agree
        String umociTags = ExternalTool.run(List.of("umoci", "ls", "--layout", layout.toString()));
        assertEquals(List.of("v1", "v2"), umociTags.lines().sorted().toList());
        assertArrayEquals(altered, ExternalTool.run(List.of("skopeo", "inspect", "--raw", "oci:" + layout + ":v1"))
                .getBytes(StandardCharsets.UTF_8));
        try (var files = Files.list(layout.resolve("blobs/sha256"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }

    @Test
    void createsANewLayoutThatSkopeoCanCopy(@TempDir Path scratch) throws IOException {
        OciLayoutStore source = OciLayoutStore.open(umociLayout);
        ManifestData manifest = source.getManifest("v1").orElseThrow();
        Path target = scratch.resolve("new-layout");
        OciLayoutStore store = OciLayoutStore.openOrCreate(target);
        for (JsonNode blob : blobsOf(manifest)) {
            String digest = blob.path("digest").asText();
            assertFalse(store.blobExists(digest));
            store.copyBlobFrom(source, digest, blob.path("size").asLong());
            assertTrue(store.blobExists(digest));
        }
        store.putManifest("copied", manifest);
        Path copiedBySkopeo = scratch.resolve("skopeo-copy");
        ExternalTool.run(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "oci:" + target + ":copied",
                "oci:" + copiedBySkopeo + ":again"));
        assertArrayEquals(manifest.bytes(), ExternalTool.run(List.of("skopeo", "inspect", "--raw",
                "oci:" + copiedBySkopeo + ":again")).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void copiesAnImageBetweenALayoutAndARegistry(@TempDir Path scratch) throws IOException {
        OciLayoutStore layout = OciLayoutStore.open(umociLayout);
        ManifestData manifest = layout.getManifest("v1").orElseThrow();
        try (LocalRegistry registry = LocalRegistry.start();
             RegistryImageStore repository = registry.repository("from/layout")) {
            for (JsonNode blob : blobsOf(manifest)) {
                repository.copyBlobFrom(layout, blob.path("digest").asText(), blob.path("size").asLong());
            }
            repository.putManifest("v1", manifest);
            assertArrayEquals(manifest.bytes(), repository.getManifest("v1").orElseThrow().bytes());

            OciLayoutStore back = OciLayoutStore.openOrCreate(scratch.resolve("back"));
            for (JsonNode blob : blobsOf(manifest)) {
                back.copyBlobFrom(repository, blob.path("digest").asText(), blob.path("size").asLong());
            }
            back.putManifest("v1", repository.getManifest("v1").orElseThrow());
            String umociTags = ExternalTool.run(List.of("umoci", "ls", "--layout", scratch.resolve("back").toString()));
            assertEquals("v1", umociTags.strip());
        }
    }

    @Test
    void refusesACopyWhoseBytesDoNotMatchTheDigest(@TempDir Path scratch) throws IOException {
        OciLayoutStore source = OciLayoutStore.openOrCreate(scratch.resolve("source"));
        byte[] content = randomBytes(1000, 42);
        String digest = Digests.sha256(content);
        source.putBlob(digest, content);
        Files.write(scratch.resolve("source/blobs/sha256").resolve(Digests.hex(digest)), randomBytes(1000, 43));
        OciLayoutStore target = OciLayoutStore.openOrCreate(scratch.resolve("target"));
        IOException e = assertThrows(IOException.class, () -> target.copyBlobFrom(source, digest, 1000));
        assertTrue(e.getMessage().contains(digest) && e.getMessage().contains("arrived as 1000 bytes with digest"),
                e.getMessage());
        assertFalse(target.blobExists(digest));
    }

    @Test
    void explainsWhatIsWrongWithABadLayout(@TempDir Path scratch) throws IOException {
        IOException notLayout = assertThrows(IOException.class, () -> OciLayoutStore.open(scratch));
        assertTrue(notLayout.getMessage().contains("no oci-layout file"), notLayout.getMessage());

        Path broken = copyOfLayout(scratch.resolve("broken"));
        ManifestData manifest = OciLayoutStore.open(broken).getManifest("v1").orElseThrow();
        Files.delete(broken.resolve("blobs/sha256").resolve(Digests.hex(manifest.digest())));
        IOException missing = assertThrows(IOException.class, () -> OciLayoutStore.open(broken).getManifest("v1"));
        assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());

        OciLayoutStore store = OciLayoutStore.open(broken);
        String absent = Digests.sha256(new byte[3]);
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.openBlob(absent, 3));
        assertTrue(e.getMessage().contains(absent), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.openBlob("sha256:../../etc/passwd", 1));

        Files.writeString(scratch.resolve("not-empty.txt"), "x");
        IOException notEmpty = assertThrows(IOException.class, () -> OciLayoutStore.openOrCreate(scratch));
        assertTrue(notEmpty.getMessage().contains("neither an OCI layout"), notEmpty.getMessage());
    }

    static List<JsonNode> blobsOf(ManifestData manifest) throws IOException {
        JsonNode root = JSON.readTree(manifest.bytes());
        List<JsonNode> blobs = new ArrayList<>();
        blobs.add(root.path("config"));
        root.path("layers").forEach(blobs::add);
        return blobs;
    }
}
