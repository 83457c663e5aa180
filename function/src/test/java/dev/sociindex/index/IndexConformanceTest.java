package dev.sociindex.index;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;

import dev.sociindex.oci.Digests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IndexConformanceTest {
    private final SampleImages store = new SampleImages();
    private ImageIndex converted;

    @BeforeEach
    void convertATwoPlatformImage() {
        Canonical<ImageManifest> amd64 = store.image("amd64", true, 2, Map.of());
        Canonical<ImageManifest> arm64 = store.image("arm64", false, 1, Map.of("a", "b"));
        ImageIndex original = new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(
                amd64.descriptor().withPlatform(Platform.parse("linux/amd64")),
                arm64.descriptor().withPlatform(Platform.parse("linux/arm64")),
                store.attestation(amd64.digest())), null, Map.of());
        converted = store.convert(original, Canonical.of(original).digest());
    }

    private List<String> problems(ImageIndex index) {
        return new IndexConformance(store::get).check(index.toJson());
    }

    private static ImageIndex replace(ImageIndex index, int position, Descriptor descriptor) {
        List<Descriptor> manifests = new ArrayList<>(index.manifestList());
        manifests.set(position, descriptor);
        return index.withManifests(manifests);
    }

    private static void assertSingleProblem(List<String> problems, String expectedPart) {
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains(expectedPart), problems.get(0));
    }

    @Test
    void theConvertedIndexConforms() {
        assertEquals(List.of(), problems(converted));
    }

    @Test
    void sociDescriptorWithoutImageManifestAnnotation() {
        Descriptor soci = converted.manifestList().get(3);
        List<String> problems = problems(replace(converted, 3, soci.withAnnotations(Map.of())));
        assertEquals(List.of("manifests[3] (SOCI index " + soci.digest() + "): has no com.amazon.soci.image-manifest-digest annotation"),
                problems);
    }

    @Test
    void sociDescriptorWithoutPlatform() {
        Descriptor soci = converted.manifestList().get(4);
        assertSingleProblem(problems(replace(converted, 4, soci.withPlatform(null))), "manifests[4] (SOCI index " + soci.digest() + "): has no platform");
    }

    @Test
    void sociDescriptorBeforeItsImage() {
        List<Descriptor> manifests = new ArrayList<>(converted.manifestList());
        manifests.add(0, manifests.remove(3));
        assertSingleProblem(problems(converted.withManifests(manifests)),
                "(image manifest " + converted.manifestList().get(0).digest() + "): comes after its SOCI index at manifests[0]");
    }

    @Test
    void platformsThatDiffer() {
        Descriptor soci = converted.manifestList().get(3);
        assertSingleProblem(problems(replace(converted, 3, soci.withPlatform(Platform.parse("linux/arm64")))),
                "platform linux/amd64 differs from its SOCI index's linux/arm64");
    }

    @Test
    void imageManifestPointingAtAnotherSociIndex() {
        Descriptor image = converted.manifestList().get(0);
        String otherSoci = converted.manifestList().get(4).digest();
        ImageManifest wrong = ImageManifest.parse(store.content.get(image.digest())).withAnnotation(SociAnnotations.INDEX_DIGEST, otherSoci);
        Canonical<ImageManifest> canonical = Canonical.of(wrong);
        store.put(canonical);
        ImageIndex broken = replace(converted, 0, image.withContent(canonical.digest(), canonical.size()));
        broken = replace(broken, 3, converted.manifestList().get(3).withAnnotation(SociAnnotations.IMAGE_MANIFEST_DIGEST, canonical.digest()));

        List<String> problems = problems(broken);

        String expected = ", expected " + converted.manifestList().get(3).digest();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).endsWith("manifest annotation com.amazon.soci.index-digest is " + otherSoci + expected), problems.get(0));
    }

    @Test
    void descriptorAnnotationsNotReplacedByTheManifests() {
        Descriptor image = converted.manifestList().get(1);
        assertSingleProblem(problems(replace(converted, 1, image.withAnnotations(Map.of("a", "b")))),
                "descriptor annotation com.amazon.soci.index-digest is null, expected " + converted.manifestList().get(4).digest());
    }

    @Test
    void missingAndCorruptContent() {
        String amd64 = converted.manifestList().get(0).digest();
        byte[] bytes = store.content.remove(amd64);
        assertSingleProblem(problems(converted), "manifest " + amd64 + " is missing");

        byte[] corrupt = bytes.clone();
        int configDigestHex = new String(bytes, StandardCharsets.UTF_8).indexOf("sha256:") + "sha256:".length();
        corrupt[configDigestHex] = (byte) (corrupt[configDigestHex] == '0' ? '1' : '0');
        store.content.put(amd64, corrupt);
        assertSingleProblem(problems(converted), "content has digest " + Digests.sha256(corrupt) + ", descriptor says " + amd64);
    }

    @Test
    void anIndexWithoutSociDescriptors() {
        ImageIndex plain = converted.withManifests(converted.manifestList().subList(0, 3));
        assertEquals(List.of("index: lists no descriptor with artifactType application/vnd.amazon.soci.index.v2+json"), problems(plain));
    }

    @Test
    void notAnOciIndexOrNotJson() {
        List<String> problems = problems(converted.withMediaType(MediaTypes.DOCKER_MANIFEST_LIST));
        assertEquals(List.of("index: mediaType is \"" + MediaTypes.DOCKER_MANIFEST_LIST + "\", expected " + MediaTypes.OCI_INDEX), problems);
        List<String> garbage = new IndexConformance(store::get).check("not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, garbage.size());
        assertTrue(garbage.get(0).startsWith("image index is not valid JSON"), garbage.get(0));
    }

    /**
     * A single-platform index assembled by hand around arbitrary SOCI index bytes, so that S itself can be broken
     * (the assembler only accepts canonical S).
     */
    private List<String> singlePlatformAround(byte[] sociBytes, UnaryOperator<ImageManifest> imageEdit) {
        Canonical<ImageManifest> source = store.image("single", false, 1, Map.of());
        String soci = store.put(sociBytes);
        Canonical<ImageManifest> image = Canonical.of(imageEdit.apply(
                SociV2Assembler.rewriteImageManifest(source.value(), Optional.of(soci))));
        store.put(image);
        Platform platform = Platform.parse("linux/amd64");
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(
                image.descriptor().withAnnotations(image.value().annotations()).withPlatform(platform),
                Descriptor.of(MediaTypes.OCI_MANIFEST, soci, sociBytes.length).withPlatform(platform)
                        .withAnnotation(SociAnnotations.IMAGE_MANIFEST_DIGEST, image.digest())
                        .withArtifactType(MediaTypes.SOCI_INDEX_V2)), null, Map.of());
        return new IndexConformance(store::get).check(index.toJson());
    }

    private ImageManifest sociFor(String name) {
        return store.sociIndex(store.image(name, false, 1, Map.of()).value()).value();
    }

    @Test
    void handAssembledBaselineConforms() {
        Canonical<ImageManifest> source = store.image("single", false, 1, Map.of());
        byte[] soci = store.sociIndex(source.value()).bytes();
        assertEquals(List.of(), singlePlatformAround(soci, UnaryOperator.identity()));
    }

    @Test
    void sociIndexThatIsNotCanonical() {
        Canonical<ImageManifest> source = store.image("single", false, 1, Map.of());
        String pretty = new String(store.sociIndex(source.value()).bytes(), StandardCharsets.UTF_8).replace(",", ", ");
        assertSingleProblem(singlePlatformAround(pretty.getBytes(StandardCharsets.UTF_8), UnaryOperator.identity()),
                "not canonical Go JSON");
    }

    @Test
    void sociIndexWithTheV1ConfigType() {
        Canonical<ImageManifest> source = store.image("single", false, 1, Map.of());
        ImageManifest soci = store.sociIndex(source.value()).value();
        ImageManifest v1 = soci.withConfig(soci.config().withMediaType(MediaTypes.SOCI_INDEX_V1));
        assertSingleProblem(singlePlatformAround(v1.toJson(), UnaryOperator.identity()),
                "config mediaType is \"" + MediaTypes.SOCI_INDEX_V1 + "\", expected " + MediaTypes.SOCI_INDEX_V2);
    }

    @Test
    void imageManifestWithAnArtifactTypeOrDockerConfig() {
        Canonical<ImageManifest> source = store.image("single", false, 1, Map.of());
        byte[] soci = store.sociIndex(source.value()).bytes();
        UnaryOperator<ImageManifest> artifact = m -> new ImageManifest(m.schemaVersion(), m.mediaType(), "application/x.thing",
                m.config(), m.layers(), m.subject(), m.annotations());
        assertSingleProblem(singlePlatformAround(soci, artifact), "has artifactType \"application/x.thing\"; an image must have none");
        UnaryOperator<ImageManifest> dockerConfig = m -> m.withConfig(m.config().withMediaType(MediaTypes.DOCKER_CONFIG));
        assertSingleProblem(singlePlatformAround(soci, dockerConfig), "config mediaType is \"" + MediaTypes.DOCKER_CONFIG + "\"");
    }

    @Test
    void zTocsThatTheSnapshotterCouldNotMatchToALayer() {
        ImageManifest foreign = sociFor("another image");
        assertSingleProblem(singlePlatformAround(foreign.toJson(), UnaryOperator.identity()), "which its image does not have");

        Descriptor ztoc = foreign.layerList().get(0);
        ImageManifest unlabelled = new ImageManifest(2, foreign.mediaType(), "", foreign.config(),
                List.of(ztoc.withAnnotations(Map.of(SociAnnotations.SPAN_SIZE, "1"))), null, foreign.annotations());
        assertSingleProblem(singlePlatformAround(unlabelled.toJson(), UnaryOperator.identity()),
                "layers[0] has no com.amazon.soci.image-layer-digest annotation");
    }
}
