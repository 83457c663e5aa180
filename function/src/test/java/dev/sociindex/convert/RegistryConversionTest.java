package dev.sociindex.convert;

import static dev.sociindex.convert.ConversionChecks.assertVerifies;
import static dev.sociindex.convert.ConversionChecks.digests;
import static dev.sociindex.convert.ConversionChecks.index;
import static dev.sociindex.convert.ConversionChecks.indexedLayers;
import static dev.sociindex.convert.ConversionChecks.manifest;
import static dev.sociindex.convert.ConversionChecks.sociDescriptors;
import static dev.sociindex.convert.ConversionFixtures.AMD64;
import static dev.sociindex.convert.ConversionFixtures.AMD64_CHANGED;
import static dev.sociindex.convert.ConversionFixtures.ARM64;
import static dev.sociindex.convert.ConversionFixtures.MIN_LAYER_SIZE;
import static dev.sociindex.convert.ConversionFixtures.OPTIONS;
import static dev.sociindex.convert.ConversionFixtures.SMALL;
import static dev.sociindex.convert.ConversionFixtures.SPAN_SIZE;
import static dev.sociindex.convert.ConversionFixtures.copyImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.oci.Digests;
import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.ConversionResult.LayerOutcome;
import dev.sociindex.convert.ConversionResult.PlatformResult;
import dev.sociindex.convert.ConversionResult.Status;
import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociIndexManifest;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.store.ImageStore;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.bench.LocalRegistry.ImageFormat;
import dev.sociindex.testing.TestRegistryProxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-image conversion (spec 3-4) against the real distribution registry, of images built by umoci and pushed
 * by skopeo. Every output is checked by {@link dev.sociindex.verify.ImageVerifier} and by targeted assertions.
 * Each test works in a repository of its own, filled by mounting blobs from the seed repositories.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryConversionTest {
    private static final Platform LINUX_AMD64 = Platform.of("linux", "amd64", "");
    private static final Platform LINUX_ARM64 = Platform.of("linux", "arm64", "");

    private final ImageConverter converter = new ImageConverter();
    private LocalRegistry registry;
    private RegistryImageStore seed;
    private RegistryImageStore dockerSeed;

    @BeforeAll
    void startRegistryWithImages(@TempDir Path scratch) throws IOException {
        Path layout = scratch.resolve("layout");
        ConversionFixtures.buildLayout(layout);
        registry = LocalRegistry.start();
        for (String tag : List.of(AMD64, ARM64, AMD64_CHANGED, SMALL)) {
            registry.push(layout, tag, "seed/oci", tag);
        }
        for (String tag : List.of(AMD64, ARM64)) {
            registry.push(layout, tag, "seed/docker", tag, ImageFormat.DOCKER_V2S2, Optional.empty());
        }
        seed = registry.repository("seed/oci");
        dockerSeed = registry.repository("seed/docker");
    }

    @AfterAll
    void stopRegistry() throws IOException {
        seed.close();
        dockerSeed.close();
        registry.close();
    }

    @Test
    void singlePlatformImageGetsIndexOfRewrittenManifestAndSociIndex() throws IOException {
        try (RegistryImageStore store = registry.repository("single/app")) {
            ManifestData source = copyImage(seed, AMD64, store, "v1");
            ImageManifest original = ImageManifest.parse(source.bytes());
            List<Descriptor> layers = original.layerList();

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            assertEquals(source.digest(), result.sourceDigest());
            assertEquals(store.description() + ":v1-soci", result.target());
            assertEquals(source.digest(), store.getManifest("v1").orElseThrow().digest(), "the source tag must not move");
            ManifestData output = store.getManifest("v1-soci").orElseThrow();
            assertEquals(result.targetDigest(), output.digest());
            assertEquals(MediaTypes.OCI_INDEX, output.mediaType());

            ImageIndex index = ImageIndex.parse(output.bytes());
            assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
            assertEquals(Map.of(SociAnnotations.SOURCE_DIGEST, source.digest(),
                    SociAnnotations.BUILD_OPTIONS, "span-size=131072;min-layer-size=65536;platforms=all;build-tool=" + Defaults.BUILD_TOOL_IDENTIFIER),
                    index.annotations());
            assertEquals(2, index.manifestList().size(), "[M', S]");
            Descriptor imageDescriptor = index.manifestList().get(0);
            Descriptor sociDescriptor = index.manifestList().get(1);

            ManifestData rewrittenData = store.getManifest(imageDescriptor.digest()).orElseThrow();
            ImageManifest rewritten = ImageManifest.parse(rewrittenData.bytes());
            assertEquals(MediaTypes.OCI_MANIFEST, imageDescriptor.mediaType());
            assertEquals(rewrittenData.bytes().length, imageDescriptor.size());
            assertEquals(LINUX_AMD64, imageDescriptor.platform());
            assertEquals("", imageDescriptor.artifactType());
            Map<String, String> expectedAnnotations = new HashMap<>(original.annotations());
            expectedAnnotations.put(SociAnnotations.INDEX_DIGEST, sociDescriptor.digest());
            assertEquals(expectedAnnotations, rewritten.annotations());
            assertEquals(rewritten.annotations(), imageDescriptor.annotations(), "descriptor annotations = M' annotations");
            assertEquals(MediaTypes.OCI_MANIFEST, rewritten.mediaType());
            assertEquals(MediaTypes.OCI_CONFIG, rewritten.config().mediaType());
            assertEquals(original.config().digest(), rewritten.config().digest());
            assertEquals(layers, rewritten.layerList(), "layers are untouched");
            assertArrayEquals(Canonical.of(rewritten).bytes(), rewrittenData.bytes(), "M' is Go-canonical JSON");

            assertEquals(MediaTypes.OCI_MANIFEST, sociDescriptor.mediaType());
            assertEquals(MediaTypes.SOCI_INDEX_V2, sociDescriptor.artifactType());
            assertEquals(LINUX_AMD64, sociDescriptor.platform());
            assertEquals(Map.of(SociAnnotations.IMAGE_MANIFEST_DIGEST, imageDescriptor.digest()), sociDescriptor.annotations());

            ImageManifest soci = manifest(store, sociDescriptor.digest());
            assertEquals(Descriptor.of(MediaTypes.SOCI_INDEX_V2, SociIndexManifest.CONFIG_DIGEST, 2), soci.config());
            assertEquals("", soci.artifactType());
            assertNull(soci.subject());
            assertEquals(Map.of(SociAnnotations.BUILD_TOOL_IDENTIFIER, Defaults.BUILD_TOOL_IDENTIFIER), soci.annotations());
            // the first two layers are a few hundred KiB, the third a few hundred bytes
            assertEquals(List.of(layers.get(0).digest(), layers.get(1).digest()), indexedLayers(soci));
            for (int i = 0; i < 2; i++) {
                Descriptor ztoc = soci.layerList().get(i);
                assertEquals(MediaTypes.SOCI_ZTOC, ztoc.mediaType());
                assertEquals(Map.of(SociAnnotations.IMAGE_LAYER_DIGEST, layers.get(i).digest(),
                        SociAnnotations.IMAGE_LAYER_MEDIA_TYPE, layers.get(i).mediaType(),
                        SociAnnotations.SPAN_SIZE, Long.toString(ConversionFixtures.SPAN_SIZE)), ztoc.annotations());
                assertTrue(store.blobExists(ztoc.digest()));
            }
            try (InputStream config = store.openBlob(SociIndexManifest.CONFIG_DIGEST, 2)) {
                assertArrayEquals("{}".getBytes(StandardCharsets.US_ASCII), config.readAllBytes());
            }

            PlatformResult platform = result.platforms().getFirst();
            assertEquals(1, result.platforms().size());
            assertEquals("linux/amd64", platform.platform());
            assertEquals(imageDescriptor.digest(), platform.manifestDigest());
            assertEquals(sociDescriptor.digest(), platform.sociIndexDigest());
            assertEquals(digests(layers), platform.layers().stream().map(LayerOutcome::digest).toList());
            assertEquals(soci.layerList().get(0).digest(), platform.layers().get(0).ztocDigest());
            assertEquals(soci.layerList().get(1).size(), platform.layers().get(1).ztocSize());
            assertEquals("below-min-size", platform.layers().get(2).skipCode());

            assertEquals(2, assertVerifies(store, "v1-soci").ztocs());
        }
    }

    @Test
    void multiPlatformIndexGetsSociIndexPerPlatformAndLeavesAttestationAlone() throws IOException {
        try (RegistryImageStore store = registry.repository("multi/app")) {
            ImageIndex source = multiPlatformSource(store);
            ImageManifest amd64 = manifest(store, AMD64);
            ImageManifest arm64 = manifest(store, ARM64);

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            ImageIndex output = index(store, "v1-soci");
            assertEquals(result.targetDigest(), store.getManifest("v1-soci").orElseThrow().digest());
            List<Descriptor> children = output.manifestList();
            assertEquals(5, children.size(), "M'amd64, M'arm64, attestation, S amd64, S arm64: " + children);
            assertEquals(source.manifestList().get(2), children.get(2), "the attestation entry is untouched");
            assertTrue(store.getManifest(children.get(2).digest()).isPresent());
            assertEquals(List.of(children.get(3), children.get(4)), sociDescriptors(output), "SOCI descriptors come last");

            List<List<String>> expectedLayers = List.of(
                    List.of(amd64.layerList().get(0).digest(), amd64.layerList().get(1).digest()),
                    List.of(arm64.layerList().get(0).digest(), arm64.layerList().get(1).digest(), arm64.layerList().get(3).digest()));
            List<Platform> platforms = List.of(LINUX_AMD64, LINUX_ARM64);
            for (int i = 0; i < 2; i++) {
                Descriptor image = children.get(i);
                Descriptor soci = children.get(3 + i);
                assertEquals(platforms.get(i), image.platform());
                assertEquals(platforms.get(i), soci.platform());
                assertEquals(MediaTypes.OCI_MANIFEST, image.mediaType());
                assertEquals(Map.of(SociAnnotations.INDEX_DIGEST, soci.digest()), manifest(store, image.digest()).annotations());
                assertEquals(Map.of(SociAnnotations.INDEX_DIGEST, soci.digest()), image.annotations());
                assertEquals(Map.of(SociAnnotations.IMAGE_MANIFEST_DIGEST, image.digest()), soci.annotations());
                assertEquals(expectedLayers.get(i), indexedLayers(manifest(store, soci.digest())));
                assertEquals(platforms.get(i).format(), result.platforms().get(i).platform());
                assertEquals(soci.digest(), result.platforms().get(i).sociIndexDigest());
            }
            assertEquals(2, result.platforms().size());
            assertEquals(5, assertVerifies(store, "v1-soci").ztocs());
        }
    }

    @Test
    void onlyTheRequestedPlatformGetsSociIndexOthersAreStillRewrittenToOciTypes() throws IOException {
        try (RegistryImageStore store = registry.repository("multi-arm64/app")) {
            ImageIndex source = multiPlatformSource(store);
            ImageManifest amd64 = manifest(store, AMD64);

            ConversionResult result = converter.convert(store, "v1", store, ConversionFixtures.options(List.of("linux/arm64")));

            assertEquals(Status.CONVERTED, result.status());
            assertEquals(List.of("linux/arm64"), result.platforms().stream().map(PlatformResult::platform).toList());
            ImageIndex output = index(store, "v1-soci");
            assertEquals(4, output.manifestList().size(), "M'amd64, M'arm64, attestation, S arm64: " + output.manifestList());
            Descriptor amd64Descriptor = output.manifestList().get(0);
            ImageManifest amd64Rewritten = manifest(store, amd64Descriptor.digest());
            assertEquals(SociV2Assembler.rewriteImageManifest(amd64, Optional.empty()), amd64Rewritten);
            assertEquals(MediaTypes.OCI_MANIFEST, amd64Descriptor.mediaType());
            assertEquals(Map.of(), amd64Descriptor.annotations());
            assertEquals(LINUX_AMD64, amd64Descriptor.platform());
            assertEquals(source.manifestList().get(2), output.manifestList().get(2));
            List<Descriptor> soci = sociDescriptors(output);
            assertEquals(1, soci.size());
            assertEquals(LINUX_ARM64, soci.getFirst().platform());
            assertEquals(output.manifestList().get(1).digest(), soci.getFirst().annotations().get(SociAnnotations.IMAGE_MANIFEST_DIGEST));
            assertEquals(3, assertVerifies(store, "v1-soci").ztocs());

            // asking for both platforms now is another build, not "already converted"
            ConversionResult both = converter.convert(store, "v1", store, ConversionFixtures.options(List.of("linux/arm64", "linux/amd64")));
            assertEquals(Status.CONVERTED, both.status());
            assertEquals(2, sociDescriptors(index(store, "v1-soci")).size());
        }
    }

    @Test
    void aPlatformTheImageDoesNotHaveIsAnErrorNamingThePlatformsItHas() throws IOException {
        try (RegistryImageStore store = registry.repository("multi-none/app")) {
            multiPlatformSource(store);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> converter.convert(store, "v1", store, ConversionFixtures.options(List.of("linux/s390x"))));
            assertTrue(e.getMessage().contains("linux/s390x") && e.getMessage().contains("linux/amd64")
                    && e.getMessage().contains("linux/arm64"), e.getMessage());
            assertTrue(store.getManifest("v1-soci").isEmpty());
        }
    }

    @Test
    void platformWithoutQualifyingLayersGetsNoSociIndexButIsStillRewritten() throws IOException {
        try (RegistryImageStore store = registry.repository("multi-small/app")) {
            copyImage(seed, AMD64, store, AMD64);
            copyImage(seed, SMALL, store, SMALL);
            ConversionFixtures.pushMultiPlatform(store, AMD64, SMALL, "v1");

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            ImageIndex output = index(store, "v1-soci");
            List<Descriptor> soci = sociDescriptors(output);
            assertEquals(1, soci.size());
            assertEquals(LINUX_AMD64, soci.getFirst().platform());
            Descriptor smallImage = output.manifestList().get(1);
            assertEquals(LINUX_ARM64, smallImage.platform());
            assertEquals(Map.of(), smallImage.annotations());
            assertEquals(SociV2Assembler.rewriteImageManifest(manifest(store, SMALL), Optional.empty()),
                    manifest(store, smallImage.digest()));
            PlatformResult small = result.platforms().get(1);
            assertEquals("linux/arm64", small.platform());
            assertEquals(smallImage.digest(), small.manifestDigest());
            assertNull(small.sociIndexDigest());
            assertEquals(2, assertVerifies(store, "v1-soci").ztocs());
        }
    }

    @Test
    void dockerManifestBecomesOciWithConfigBytesUnchanged() throws IOException {
        try (RegistryImageStore store = registry.repository("docker/app")) {
            ManifestData source = copyImage(dockerSeed, AMD64, store, "v1");
            assertEquals(MediaTypes.DOCKER_MANIFEST, source.mediaType());
            ImageManifest original = ImageManifest.parse(source.bytes());

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            Descriptor image = index(store, "v1-soci").manifestList().getFirst();
            ImageManifest rewritten = manifest(store, image.digest());
            assertEquals(MediaTypes.OCI_MANIFEST, image.mediaType());
            assertEquals(MediaTypes.OCI_MANIFEST, rewritten.mediaType());
            assertEquals(MediaTypes.OCI_CONFIG, rewritten.config().mediaType());
            assertEquals(original.config().digest(), rewritten.config().digest());
            assertEquals(original.config().size(), rewritten.config().size());
            assertEquals(original.layerList(), rewritten.layerList(), "Docker layer media types stay as they are");
            assertEquals(MediaTypes.DOCKER_LAYER_GZIP, rewritten.layerList().getFirst().mediaType());
            try (InputStream config = store.openBlob(original.config().digest(), original.config().size())) {
                assertEquals(original.config().digest(), Digests.sha256(config.readAllBytes()));
            }
            assertEquals(2, assertVerifies(store, "v1-soci").ztocs());
        }
    }

    @Test
    void dockerManifestListBecomesOciIndex() throws IOException {
        try (RegistryImageStore store = registry.repository("docker-list/app")) {
            copyImage(dockerSeed, AMD64, store, AMD64);
            copyImage(dockerSeed, ARM64, store, ARM64);
            ConversionFixtures.pushDockerManifestList(store, AMD64, ARM64, "v1");
            assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, store.getManifest("v1").orElseThrow().mediaType());

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            ManifestData output = store.getManifest("v1-soci").orElseThrow();
            assertEquals(MediaTypes.OCI_INDEX, output.mediaType());
            ImageIndex index = ImageIndex.parse(output.bytes());
            assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
            assertEquals(4, index.manifestList().size());
            for (Descriptor child : index.manifestList()) {
                assertEquals(MediaTypes.OCI_MANIFEST, child.mediaType());
                assertEquals(MediaTypes.OCI_MANIFEST, store.getManifest(child.digest()).orElseThrow().mediaType());
            }
            assertEquals(5, assertVerifies(store, "v1-soci").ztocs());
        }
    }

    @Test
    void zstdLayerIsSkippedAndGzipLayersBesideItAreIndexed(@TempDir Path work) throws IOException {
        try (RegistryImageStore store = registry.repository("zstd/app")) {
            copyImage(seed, AMD64, store, "base");
            Descriptor zstdLayer = ConversionFixtures.pushWithZstdLayer(store, "base", "v1", work);
            assertTrue(zstdLayer.size() >= ConversionFixtures.MIN_LAYER_SIZE, "the zstd layer must be big enough to qualify by size");
            List<Descriptor> layers = manifest(store, "v1").layerList();

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            List<LayerOutcome> outcomes = result.platforms().getFirst().layers();
            assertEquals(4, outcomes.size());
            assertEquals(zstdLayer.digest(), outcomes.get(3).digest());
            assertEquals("zstd", outcomes.get(3).skipCode());
            assertNull(outcomes.get(3).ztocDigest());
            assertEquals("below-min-size", outcomes.get(2).skipCode());
            Descriptor soci = sociDescriptors(index(store, "v1-soci")).getFirst();
            assertEquals(List.of(layers.get(0).digest(), layers.get(1).digest()), indexedLayers(manifest(store, soci.digest())));
            assertEquals(2, assertVerifies(store, "v1-soci").ztocs());
        }
    }

    @Test
    void imageWithOnlySmallLayersIsSkippedWithoutOutput() throws IOException {
        try (RegistryImageStore store = registry.repository("small/app")) {
            ManifestData source = copyImage(seed, SMALL, store, "v1");

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.SKIPPED, result.status());
            assertEquals(source.digest(), result.sourceDigest());
            assertNull(result.target());
            assertNull(result.targetDigest());
            assertEquals(Optional.empty(), store.getManifest("v1-soci"));
            assertEquals(List.of("v1"), store.listTags());
            List<LayerOutcome> layers = result.platforms().getFirst().layers();
            assertEquals(ImageManifest.parse(source.bytes()).layerList().size(), layers.size());
            assertTrue(layers.stream().allMatch(l -> "below-min-size".equals(l.skipCode()) && l.skipped() != null), layers.toString());
        }
    }

    @Test
    void convertingAgainUploadsNothingAndAChangedSourceReplacesTheStaleOutput() throws IOException {
        try (RegistryImageStore direct = registry.repository("again/app");
             TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore store = viaProxy(proxy, "again/app")) {
            copyImage(seed, AMD64, direct, "v1");
            ConversionResult first = converter.convert(direct, "v1", direct, OPTIONS);
            assertEquals(Status.CONVERTED, first.status());

            ConversionResult second = converter.convert(store, "v1", store, OPTIONS);
            assertEquals(Status.ALREADY_CONVERTED, second.status());
            assertEquals(first.targetDigest(), second.targetDigest());
            assertEquals(first.sourceDigest(), second.sourceDigest());

            ConversionResult otherSpan = converter.convert(direct, "v1", direct, new ConvertOptions(SPAN_SIZE * 2, MIN_LAYER_SIZE,
                    List.of(), Defaults.OUTPUT_TAG_SUFFIX, "v1-soci-wide", 2, Defaults.BUILD_TOOL_IDENTIFIER));
            assertEquals(Status.CONVERTED, otherSpan.status(), "another span size is another build");
            assertNotEquals(first.targetDigest(), otherSpan.targetDigest());

            ConversionResult ofOutput = converter.convert(store, "v1-soci", store, OPTIONS);
            assertEquals(Status.ALREADY_CONVERTED, ofOutput.status());
            assertEquals(first.targetDigest(), ofOutput.targetDigest());
            assertEquals(0, proxy.count(writes()), "re-conversion must write nothing: " + proxy.seen());
            assertEquals(0, proxy.count(r -> r.pathAndQuery().contains("/blobs/")), "nor read any layer: " + proxy.seen());
            assertEquals(List.of("v1", "v1-soci", "v1-soci-wide"), direct.listTags().stream().sorted().toList());

            // the tag now names another image: the stale output is rebuilt for it
            ManifestData changed = seed.getManifest(AMD64_CHANGED).orElseThrow();
            copyImage(seed, AMD64_CHANGED, direct, "v1");
            ConversionResult third = converter.convert(store, "v1", store, OPTIONS);
            assertEquals(Status.CONVERTED, third.status());
            assertEquals(changed.digest(), third.sourceDigest());
            assertNotEquals(first.targetDigest(), third.targetDigest());
            assertEquals(third.targetDigest(), direct.getManifest("v1-soci").orElseThrow().digest());
            assertEquals(Optional.of(changed.digest()), SociV2Assembler.sourceDigest(index(direct, "v1-soci")));
            assertVerifies(direct, "v1-soci");
        }
    }

    @Test
    void convertingToAnotherRepositoryMountsTheLayersAndLeavesTheSourceAlone() throws IOException {
        try (RegistryImageStore sourceDirect = registry.repository("to/source");
             RegistryImageStore targetDirect = registry.repository("to/target");
             TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore source = viaProxy(proxy, "to/source");
             RegistryImageStore target = viaProxy(proxy, "to/target")) {
            ManifestData image = copyImage(seed, AMD64, sourceDirect, "v1");
            ImageManifest manifest = ImageManifest.parse(image.bytes());

            ConversionResult result = converter.convert(source, "v1", target, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            assertEquals(target.description() + ":v1-soci", result.target());
            for (Descriptor blob : concat(manifest.config(), manifest.layerList())) {
                String hex = blob.digest().substring("sha256:".length());
                assertEquals(1, proxy.count(r -> r.method().equals("POST") && r.pathAndQuery().startsWith("/v2/to/target/blobs/uploads/")
                        && r.pathAndQuery().contains("mount=sha256%3A" + hex) && r.pathAndQuery().contains("from=to%2Fsource")),
                        "one mount of " + blob.digest() + ": " + proxy.seen());
                assertEquals(0, proxy.count(r -> r.method().equals("PUT") && r.pathAndQuery().contains(hex)),
                        blob.digest() + " must be mounted, not uploaded");
            }
            assertEquals(List.of("v1"), sourceDirect.listTags(), "the source repository gets no tag");
            assertEquals(0, proxy.count(r -> !r.method().equals("GET") && !r.method().equals("HEAD")
                    && r.pathAndQuery().startsWith("/v2/to/source/")), "nothing is written to the source repository");
            assertEquals(2, assertVerifies(targetDirect, "v1-soci").ztocs());
        }
    }

    @Test
    void layersSharedByTwoPlatformsAreDownloadedOnce() throws IOException {
        try (RegistryImageStore direct = registry.repository("shared/app");
             TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore store = viaProxy(proxy, "shared/app")) {
            multiPlatformSource(direct);
            ImageManifest arm64 = manifest(direct, ARM64);
            assertEquals(manifest(direct, AMD64).layerList(), arm64.layerList().subList(0, 3), "the fixture shares three layers");

            ConversionResult result = converter.convert(store, "v1", store, OPTIONS);

            assertEquals(Status.CONVERTED, result.status());
            List<Descriptor> layers = arm64.layerList();
            for (int i : List.of(0, 1, 3)) {
                String path = "/blobs/" + layers.get(i).digest();
                assertEquals(1, proxy.count(r -> r.method().equals("GET") && r.pathAndQuery().endsWith(path)),
                        "layer " + i + " is streamed exactly once");
            }
            assertEquals(0, proxy.count(r -> r.method().equals("GET") && r.pathAndQuery().endsWith("/blobs/" + layers.get(2).digest())),
                    "a layer too small to qualify is never downloaded");
            assertVerifies(direct, "v1-soci");
        }
    }

    /** amd64 and arm64 under their names and the three-child OCI index under {@code v1}. */
    private ImageIndex multiPlatformSource(ImageStore store) throws IOException {
        copyImage(seed, AMD64, store, AMD64);
        copyImage(seed, ARM64, store, ARM64);
        return ImageIndex.parse(ConversionFixtures.pushMultiPlatform(store, AMD64, ARM64, "v1").bytes());
    }

    private static RegistryImageStore viaProxy(TestRegistryProxy proxy, String repository) {
        return RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false), repository,
                CredentialsProvider.anonymous(), RegistrySettings.defaults());
    }

    private static Predicate<TestRegistryProxy.SeenRequest> writes() {
        return r -> !r.method().equals("GET") && !r.method().equals("HEAD");
    }

    private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }
}
