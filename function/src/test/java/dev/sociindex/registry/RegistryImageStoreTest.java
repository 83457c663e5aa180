package dev.sociindex.registry;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;

import dev.sociindex.oci.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.bench.LocalRegistry.ImageFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static dev.sociindex.testing.TestBytes.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry client against the real distribution registry, with images pushed by skopeo. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryImageStoreTest {
    private final ObjectMapper json = new ObjectMapper();
    private LocalRegistry registry;
    private Path layout;

    @BeforeAll
    void startRegistryWithImages(@TempDir Path scratch) throws IOException {
        registry = LocalRegistry.start();
        layout = scratch.resolve("layout");
        OciImages.create(layout, "v1", "amd64", List.of(
                Map.of("etc/greeting.txt", "hello\n".getBytes(StandardCharsets.UTF_8)),
                Map.of("opt/data.bin", randomBytes(20_000, 1))));
        registry.push(layout, "v1", "images/app", "oci");
        registry.push(layout, "v1", "images/app", "docker", ImageFormat.DOCKER_V2S2, Optional.empty());
    }

    @AfterAll
    void stopRegistry() throws IOException {
        registry.close();
    }

    @Test
    void readsOciManifestExactlyAsTheRegistryHoldsIt() throws IOException {
        try (RegistryImageStore store = registry.repository("images/app")) {
            ManifestData byTag = store.getManifest("oci").orElseThrow();
            assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());
            assertArrayEquals(rawManifestFromSkopeo("images/app:oci"), byTag.bytes());
            assertEquals(Digests.sha256(byTag.bytes()), byTag.digest());
            ManifestData byDigest = store.getManifest(byTag.digest()).orElseThrow();
            assertArrayEquals(byTag.bytes(), byDigest.bytes());
            assertEquals(Optional.of(byTag.digest()), store.resolveDigest("oci"));
        }
    }

    @Test
    void readsDockerManifestWithItsMediaType() throws IOException {
        try (RegistryImageStore store = registry.repository("images/app")) {
            ManifestData manifest = store.getManifest("docker").orElseThrow();
            assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.mediaType());
            assertArrayEquals(rawManifestFromSkopeo("images/app:docker"), manifest.bytes());
        }
    }

    @Test
    void copiesAnImageToAnotherRepositoryByMountingItsBlobs() throws IOException {
        try (RegistryClient client = RegistryClient.connect(registry.endpoint(), registry.credentials(),
                RegistrySettings.defaults());
             RegistryImageStore source = client.repository("images/app");
             RegistryImageStore target = client.repository("copies/app")) {
            ManifestData manifest = source.getManifest("docker").orElseThrow();
            JsonNode root = json.readTree(manifest.bytes());
            List<JsonNode> blobs = new ArrayList<>();
            blobs.add(root.path("config"));
            root.path("layers").forEach(blobs::add);
            for (JsonNode blob : blobs) {
                String digest = blob.path("digest").asText();
                assertFalse(target.blobExists(digest));
                target.copyBlobFrom(source, digest, blob.path("size").asLong());
                assertTrue(target.blobExists(digest));
            }
            target.putManifest("copied", manifest);
            ManifestData copied = target.getManifest("copied").orElseThrow();
            assertArrayEquals(manifest.bytes(), copied.bytes());
            assertEquals(MediaTypes.DOCKER_MANIFEST, copied.mediaType());
            assertArrayEquals(manifest.bytes(), rawManifestFromSkopeo("copies/app:copied"));
        }
    }

    @Test
    void uploadsBlobsAndReadsThemBack() throws IOException {
        byte[] content = randomBytes(300_000, 2);
        String digest = Digests.sha256(content);
        try (RegistryImageStore store = registry.repository("blobs/upload")) {
            assertFalse(store.blobExists(digest));
            store.putBlob(digest, content);
            assertTrue(store.blobExists(digest));
            store.putBlob(digest, content); // already there: nothing to do
            try (InputStream in = store.openBlob(digest, content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }
            try (InputStream in = store.openBlob(digest, -1)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Test
    void refusesContentThatDoesNotMatchItsDigest() throws IOException {
        byte[] content = randomBytes(100, 3);
        String wrong = Digests.sha256(randomBytes(100, 4));
        try (RegistryImageStore store = registry.repository("blobs/upload")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.putBlob(wrong, content));
            assertTrue(e.getMessage().contains(wrong), e.getMessage());
            ManifestData lying = new ManifestData("{}".getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, wrong);
            assertThrows(IllegalArgumentException.class, () -> store.putManifest("t", lying));
        }
    }

    @Test
    void reportsAbsentThingsAsAbsent() throws IOException {
        String absent = Digests.sha256(randomBytes(10, 5));
        try (RegistryImageStore store = registry.repository("images/app");
             RegistryImageStore nowhere = registry.repository("no/such/repository")) {
            assertEquals(Optional.empty(), store.getManifest("no-such-tag"));
            assertEquals(Optional.empty(), store.getManifest(absent));
            assertEquals(Optional.empty(), store.resolveDigest("no-such-tag"));
            assertFalse(store.blobExists(absent));
            BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.openBlob(absent, 10));
            assertTrue(e.getMessage().contains(absent) && e.getMessage().contains("images/app"), e.getMessage());
            assertEquals(List.of(), nowhere.listTags());
        }
    }

    @Test
    void listsTheTagsOfARepository() throws IOException {
        try (RegistryImageStore store = registry.repository("images/app")) {
            assertEquals(List.of("docker", "oci"), store.listTags().stream().sorted().toList());
        }
    }

    @Test
    void rejectsMalformedReferencesBeforeAnyRequest() throws IOException {
        try (RegistryImageStore store = registry.repository("images/app")) {
            assertThrows(IllegalArgumentException.class, () -> store.getManifest("../../etc/passwd"));
            assertThrows(IllegalArgumentException.class, () -> store.openBlob("sha256:abc", 1));
            assertThrows(IllegalArgumentException.class, () -> store.getManifest("sha512:" + "a".repeat(128)));
        }
        assertThrows(IllegalArgumentException.class, () -> registry.repository("Upper/Case"));
    }

    @Test
    void survivesARegistryRestartBetweenRequests() throws IOException {
        byte[] content = randomBytes(50_000, 6);
        String digest = Digests.sha256(content);
        try (RegistryImageStore store = registry.repository("restart/app")) {
            store.putBlob(digest, content);
            registry.restart();
            try (InputStream in = store.openBlob(digest, content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    private byte[] rawManifestFromSkopeo(String repositoryAndTag) throws IOException {
        String raw = ExternalTool.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.host() + "/" + repositoryAndTag));
        return raw.getBytes(StandardCharsets.UTF_8);
    }

}
