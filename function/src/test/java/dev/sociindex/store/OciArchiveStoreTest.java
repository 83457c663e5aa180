package dev.sociindex.store;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.oci.ManifestData;

import dev.sociindex.oci.Digests;
import dev.sociindex.testing.OciImages;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.sociindex.store.OciLayoutStoreTest.blobsOf;
import static dev.sociindex.testing.TestBytes.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OCI archives made by GNU tar from umoci layouts; written back archives are read by skopeo and tar. */
class OciArchiveStoreTest {
    private static Path layout;

    @BeforeAll
    static void buildLayout(@TempDir Path scratch) throws IOException {
        layout = scratch.resolve("layout");
        OciImages.create(layout, "v1", "amd64", List.of(Map.of("srv/file.txt", randomBytes(5_000, 51))));
    }

    @Test
    void readsAnArchiveMadeByTar(@TempDir Path scratch) throws IOException {
        Path archive = scratch.resolve("image.tar");
        OciImages.archive(layout, archive);
        byte[] before = Files.readAllBytes(archive);
        ManifestData expected = OciLayoutStore.open(layout).getManifest("v1").orElseThrow();
        try (OciArchiveStore store = OciArchiveStore.open(archive)) {
            ManifestData manifest = store.getManifest("v1").orElseThrow();
            assertArrayEquals(expected.bytes(), manifest.bytes());
            for (var blob : blobsOf(manifest)) {
                try (InputStream in = store.openBlob(blob.path("digest").asText(), blob.path("size").asLong())) {
                    assertEquals(blob.path("digest").asText(), Digests.sha256(in.readAllBytes()));
                }
            }
            assertEquals("oci-archive:" + archive, store.description());
        }
        assertArrayEquals(before, Files.readAllBytes(archive), "an archive only read is left untouched");
    }

    @Test
    void writesChangesBackOnClose(@TempDir Path scratch) throws IOException {
        Path archive = scratch.resolve("image.tar");
        OciImages.archive(layout, archive);
        byte[] extra = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        ManifestData manifest;
        try (OciArchiveStore store = OciArchiveStore.open(archive)) {
            manifest = store.getManifest("v1").orElseThrow();
            store.putBlob(Digests.sha256(extra), extra);
            store.putManifest("v1-copy", manifest);
        }
        try (OciArchiveStore reopened = OciArchiveStore.open(archive)) {
            assertEquals(List.of("v1", "v1-copy"), reopened.listTags());
            try (InputStream in = reopened.openBlob(Digests.sha256(extra), extra.length)) {
                assertArrayEquals(extra, in.readAllBytes());
            }
        }
        assertArrayEquals(manifest.bytes(), ExternalTool.run(List.of("skopeo", "inspect", "--raw",
                "oci-archive:" + archive + ":v1-copy")).getBytes(StandardCharsets.UTF_8));
        assertTrue(ExternalTool.run(List.of("tar", "-tf", archive.toString())).lines().anyMatch("oci-layout"::equals));
    }

    @Test
    void createsANewArchiveOnlyWhenSomethingIsWritten(@TempDir Path scratch) throws IOException {
        Path untouched = scratch.resolve("untouched.tar");
        try (OciArchiveStore store = OciArchiveStore.openOrCreate(untouched)) {
            assertEquals(List.of(), store.listTags());
        }
        assertFalse(Files.exists(untouched));

        Path created = scratch.resolve("created.tar");
        ManifestData manifest;
        try (OciArchiveStore store = OciArchiveStore.openOrCreate(created)) {
            OciLayoutStore source = OciLayoutStore.open(layout);
            manifest = source.getManifest("v1").orElseThrow();
            for (var blob : blobsOf(manifest)) {
                store.copyBlobFrom(source, blob.path("digest").asText(), blob.path("size").asLong());
            }
            store.putManifest("fresh", manifest);
        }
        assertArrayEquals(manifest.bytes(), ExternalTool.run(List.of("skopeo", "inspect", "--raw",
                "oci-archive:" + created + ":fresh")).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsEntriesThatEscapeTheArchive(@TempDir Path scratch) throws IOException {
        Path archive = scratch.resolve("evil.tar");
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            byte[] content = "pwned".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("../../escaped.txt", true);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        IOException e = assertThrows(IOException.class, () -> OciArchiveStore.open(archive));
        assertTrue(e.getMessage().contains("'../../escaped.txt'") && e.getMessage().contains("outside"),
                e.getMessage());
        assertFalse(Files.exists(scratch.getParent().resolve("escaped.txt")));
    }

    @Test
    void saysWhenAnArchiveHoldsNoLayout(@TempDir Path scratch) throws IOException {
        Files.writeString(scratch.resolve("readme.txt"), "not an image");
        Path archive = scratch.resolve("plain.tar");
        ExternalTool.run(List.of("tar", "-cf", archive.toString(), "-C", scratch.toString(), "readme.txt"));
        IOException e = assertThrows(IOException.class, () -> OciArchiveStore.open(archive));
        assertTrue(e.getMessage().contains("holds no OCI image layout"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> OciArchiveStore.open(scratch.resolve("no.tar")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
