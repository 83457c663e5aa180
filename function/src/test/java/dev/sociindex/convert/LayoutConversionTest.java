package dev.sociindex.convert;

import static dev.sociindex.convert.ConversionChecks.assertVerifies;
import static dev.sociindex.convert.ConversionChecks.digests;
import static dev.sociindex.convert.ConversionChecks.index;
import static dev.sociindex.convert.ConversionFixtures.AMD64;
import static dev.sociindex.convert.ConversionFixtures.ARM64;
import static dev.sociindex.convert.ConversionFixtures.OPTIONS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.convert.ConversionResult.Status;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.store.OciArchiveStore;
import dev.sociindex.store.OciLayoutStore;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversion from and into OCI image layouts and OCI archives, read back by skopeo and umoci to show that other
 * tools accept the result; and from a registry into a layout ({@code --to}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutConversionTest {
    private final ImageConverter converter = new ImageConverter();
    private Path layout;
    private LocalRegistry registry;

    @BeforeAll
    void buildImages(@TempDir Path scratch) throws IOException {
        layout = scratch.resolve("layout");
        ConversionFixtures.buildLayout(layout);
        registry = LocalRegistry.start();
    }

    @AfterAll
    void stopRegistry() throws IOException {
        registry.close();
    }

    @Test
    void convertsAnOciLayoutInPlaceAndSkopeoAndUmociReadTheResult(@TempDir Path work) throws IOException {
        Path dir = work.resolve("layout");
        copyTree(layout, dir);
        String outputDigest;
        byte[] outputBytes;
        try (OciLayoutStore store = OciLayoutStore.open(dir)) {
            ManifestData source = store.getManifest(AMD64).orElseThrow();

            ConversionResult result = converter.convert(store, AMD64, store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            assertEquals(source.digest(), store.getManifest(AMD64).orElseThrow().digest());
            assertEquals(2, assertVerifies(store, "amd64-soci").ztocs());
            ManifestData output = store.getManifest("amd64-soci").orElseThrow();
            outputDigest = output.digest();
            outputBytes = output.bytes();
            assertEquals(result.targetDigest(), outputDigest);
        }

        assertArrayEquals(outputBytes, skopeo("inspect", "--raw", "oci:" + dir + ":amd64-soci").getBytes(StandardCharsets.UTF_8),
                "skopeo reads the tag from index.json");
        assertTrue(List.of(ExternalTool.run(List.of("umoci", "ls", "--layout", dir.toString())).split("\n")).contains("amd64-soci"),
                "umoci lists the new tag");
        assertSkopeoCopiesEverything("oci:" + dir + ":amd64-soci", outputBytes, work.resolve("copied"));
    }

    @Test
    void convertsAnOciArchiveAndWritesItBack(@TempDir Path work) throws IOException {
        Path archive = work.resolve("image.tar");
        OciImages.archive(layout, archive);
        String outputDigest;
        try (OciArchiveStore store = OciArchiveStore.open(archive)) {
            ConversionResult result = converter.convert(store, ARM64, store, OPTIONS);
            assertEquals(Status.CONVERTED, result.status());
            outputDigest = result.targetDigest();
        }
        try (OciArchiveStore store = OciArchiveStore.open(archive)) {
            assertEquals(outputDigest, store.getManifest("arm64-soci").orElseThrow().digest());
            assertEquals(3, assertVerifies(store, "arm64-soci").ztocs());
            assertTrue(store.listTags().containsAll(List.of(AMD64, ARM64, "arm64-soci")), store.listTags().toString());
        }
        byte[] raw = skopeo("inspect", "--raw", "oci-archive:" + archive + ":arm64-soci").getBytes(StandardCharsets.UTF_8);
        assertEquals(outputDigest, Digests.sha256(raw));
        assertSkopeoCopiesEverything("oci-archive:" + archive + ":arm64-soci", raw, work.resolve("copied"));
    }

    @Test
    void convertsFromRegistryIntoALayoutWithTheSameDigestAsInPlace(@TempDir Path work) throws IOException {
        try (RegistryImageStore source = registry.repository("layout-src/app")) {
            registry.push(layout, AMD64, "layout-src/app", AMD64);
            registry.push(layout, ARM64, "layout-src/app", ARM64);
            ConversionFixtures.pushMultiPlatform(source, AMD64, ARM64, "v1");
            List<String> tagsBefore = source.listTags();

            ConversionResult result;
            try (OciLayoutStore target = OciLayoutStore.openOrCreate(work.resolve("out"))) {
                result = converter.convert(source, "v1", target, OPTIONS);
                assertEquals(Status.CONVERTED, result.status());
                assertEquals(result.targetDigest(), target.getManifest("v1-soci").orElseThrow().digest());
                assertEquals(5, assertVerifies(target, "v1-soci").ztocs());
                ImageIndex output = index(target, "v1-soci");
                // the untouched attestation child and its blobs were copied too
                assertTrue(target.getManifest(output.manifestList().get(2).digest()).isPresent());
            }
            assertEquals(tagsBefore, source.listTags(), "the source repository gets no tag");

            // skopeo pushes every manifest and blob of the layout's output to a registry, digests unchanged
            skopeo("copy", "--all", "--quiet", "--dest-tls-verify=false", "oci:" + work.resolve("out") + ":v1-soci",
                    "docker://" + registry.host() + "/layout-copy/app:skopeo");
            try (RegistryImageStore copy = registry.repository("layout-copy/app");
                 OciLayoutStore out = OciLayoutStore.open(work.resolve("out"))) {
                ManifestData exact = out.getManifest("v1-soci").orElseThrow();
                assertEquals(digests(ImageIndex.parse(exact.bytes()).manifestList()),
                        digests(index(copy, "skopeo").manifestList()));
                copy.putManifest("v1-soci", exact);
                assertVerifies(copy, "v1-soci");
            }

            ConversionResult inPlace = converter.convert(source, "v1", source, OPTIONS);
            assertEquals(Status.CONVERTED, inPlace.status());
            assertEquals(result.targetDigest(), inPlace.targetDigest(), "the output does not depend on where it is written");
        }
    }

    /**
     * {@code skopeo copy --all} into a fresh layout reads every manifest and blob the output references, checking
     * digests. skopeo 1.9 re-serialises the index itself without {@code artifactType} (its index type predates
     * image-spec 1.1), so the children are compared by digest and the exact index is then put beside the copy and
     * verified there: that shows the copy holds everything it needs.
     */
    private static void assertSkopeoCopiesEverything(String source, byte[] exactIndex, Path destination) throws IOException {
        skopeo("copy", "--all", "--quiet", source, "oci:" + destination + ":skopeo");
        try (OciLayoutStore copy = OciLayoutStore.open(destination)) {
            List<Descriptor> children = ImageIndex.parse(exactIndex).manifestList();
            assertEquals(digests(children), digests(index(copy, "skopeo").manifestList()));
            copy.putManifest("exact", new ManifestData(exactIndex, MediaTypes.OCI_INDEX, Digests.sha256(exactIndex)));
            assertVerifies(copy, "exact");
        }
    }

    private static String skopeo(String... arguments) throws IOException {
        return ExternalTool.run(Stream.concat(Stream.of("skopeo", "--insecure-policy"), Stream.of(arguments)).toList());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
