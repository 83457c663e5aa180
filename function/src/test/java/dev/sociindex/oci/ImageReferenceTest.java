package dev.sociindex.oci;

import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.store.OciLayoutStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.StoreLocator;

import dev.sociindex.oci.ImageReference.ArchiveLocation;
import dev.sociindex.oci.ImageReference.LayoutLocation;
import dev.sociindex.oci.ImageReference.RegistryLocation;
import dev.sociindex.testing.OciImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void parsesRegistryReferences() {
        assertEquals(new ImageReference(new RegistryLocation(new RegistryEndpoint(
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com", false), "team/app"), "1.0"),
                ImageReference.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.0", false));
        assertEquals(new ImageReference(new RegistryLocation(new RegistryEndpoint("127.0.0.1:5000", true), "app"),
                "latest"), ImageReference.parse("127.0.0.1:5000/app", false));
        assertEquals(new ImageReference(new RegistryLocation(new RegistryEndpoint("localhost:5000", true), "a/b"),
                DIGEST), ImageReference.parse("docker://localhost:5000/a/b:tag@" + DIGEST, false));
        assertEquals(new ImageReference(new RegistryLocation(new RegistryEndpoint("registry.internal:8443", true),
                "app"), "v2"), ImageReference.parse("registry.internal:8443/app:v2", true));
        assertEquals(new ImageReference(new RegistryLocation(new RegistryEndpoint("[::1]:5000", true), "app"),
                "v1"), ImageReference.parse("[::1]:5000/app:v1", false));
    }

    @Test
    void parsesLayoutAndArchiveReferences() {
        assertEquals(new ImageReference(new LayoutLocation(Path.of("/tmp/layout")), "v1"),
                ImageReference.parse("oci:/tmp/layout:v1", false));
        assertEquals(new ImageReference(new LayoutLocation(Path.of("rel/dir")), "latest"),
                ImageReference.parse("oci:rel/dir", false));
        assertEquals(new ImageReference(new LayoutLocation(Path.of("dir")), DIGEST),
                ImageReference.parse("oci:dir@" + DIGEST, false));
        assertEquals(new ImageReference(new ArchiveLocation(Path.of("/x/image.tar")), "v1-soci"),
                ImageReference.parse("oci-archive:/x/image.tar:v1-soci", false));
    }

    @Test
    void rejectsShortNamesWithAHint() {
        for (String text : List.of("ubuntu", "ubuntu:22.04", "library/ubuntu:22.04")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageReference.parse(text, false));
            assertTrue(e.getMessage().contains("HOST[:PORT]/REPOSITORY"), e.getMessage());
        }
    }

    @Test
    void rejectsMalformedParts() {
        for (String text : List.of("", "oci:", "oci::v1", "host.example/App:v1", "host.example/app:bad tag",
                "host.example/app@sha256:123", "host.example/app:-x", "oci:dir:../up")) {
            assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(text, false), text);
        }
    }

    @Test
    void defaultsOnlyLoopbackToPlainHttp() {
        assertTrue(RegistryEndpoint.forHost("localhost", false).plainHttp());
        assertTrue(RegistryEndpoint.forHost("127.0.0.1:5000", false).plainHttp());
        assertTrue(RegistryEndpoint.forHost("[::1]:5000", false).plainHttp());
        assertFalse(RegistryEndpoint.forHost("localhost.example.com", false).plainHttp());
        assertFalse(RegistryEndpoint.forHost("127.0.0.2:5000", false).plainHttp());
        assertEquals("https://example.com:8443", RegistryEndpoint.forHost("example.com:8443", false).baseUri()
                .toString());
    }

    @Test
    void opensTheStoreAReferenceNames(@TempDir Path scratch) throws IOException {
        Path layout = scratch.resolve("layout");
        OciImages.create(layout, "v1", "amd64", List.of(Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8))));
        StoreLocator locator = new StoreLocator(CredentialsProvider.anonymous(), RegistrySettings.defaults(), false);
        try (StoreLocator.LocatedImage image = locator.open("oci:" + layout + ":v1", false)) {
            assertInstanceOf(OciLayoutStore.class, image.store());
            assertTrue(image.store().getManifest(image.reference()).isPresent());
        }
        assertThrows(IOException.class, () -> locator.open("oci:" + scratch.resolve("missing"), false));
        try (StoreLocator.LocatedImage image = locator.open("oci:" + scratch.resolve("new") + ":out", true)) {
            assertEquals(List.of(), image.store().listTags());
        }
        try (StoreLocator.LocatedImage image = locator.open("127.0.0.1:5000/app:v1", false)) {
            assertEquals("127.0.0.1:5000/app", image.store().description());
        }
    }
}
