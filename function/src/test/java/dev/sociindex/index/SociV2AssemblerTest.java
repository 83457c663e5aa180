package dev.sociindex.index;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;

import dev.sociindex.oci.Digests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SociV2AssemblerTest {
    private final SampleImages store = new SampleImages();

    @Test
    void singlePlatformIndexListsTheImageThenItsSociIndex() {
        Canonical<ImageManifest> source = store.image("app", true, 2, Map.of());
        Canonical<ImageManifest> soci = store.sociIndex(source.value());
        Canonical<ImageManifest> image = Canonical.of(
                SociV2Assembler.rewriteImageManifest(source.value(), Optional.of(soci.digest())));
        store.put(image);
        Platform amd64 = Platform.parse("linux/amd64");

        ImageIndex index = SociV2Assembler.singlePlatform(image, new SociEntry(amd64, soci, image.digest()), source.digest());

        String expected = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"M\",\"size\":N1,"
                + "\"annotations\":{\"com.amazon.soci.index-digest\":\"S\"},\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"S\",\"size\":N2,"
                + "\"annotations\":{\"com.amazon.soci.image-manifest-digest\":\"M\"},\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},"
                + "\"artifactType\":\"application/vnd.amazon.soci.index.v2+json\"}],"
                + "\"annotations\":{\"dev.sociindex.source-digest\":\"SRC\"}}")
                .replace("\"M\"", "\"" + image.digest() + "\"").replace("\"S\"", "\"" + soci.digest() + "\"")
                .replace("N1", Long.toString(image.size())).replace("N2", Long.toString(soci.size()))
                .replace("SRC", source.digest());
        assertEquals(expected, new String(index.toJson(), StandardCharsets.UTF_8));
        assertEquals(List.of(), new IndexConformance(store::get).check(index.toJson()));
        assertEquals(Optional.of(source.digest()), SociV2Assembler.sourceDigest(index));
        assertTrue(SociV2Assembler.isAlreadyConverted(index));
    }

    @Test
    void singlePlatformImageDescriptorCarriesAllOfTheManifestsAnnotations() {
        Canonical<ImageManifest> source = store.image("app", false, 1, Map.of("org.opencontainers.image.version", "1.2"));
        Canonical<ImageManifest> soci = store.sociIndex(source.value());
        Canonical<ImageManifest> image = Canonical.of(
                SociV2Assembler.rewriteImageManifest(source.value(), Optional.of(soci.digest())));

        ImageIndex index = SociV2Assembler.singlePlatform(image,
                new SociEntry(Platform.parse("linux/arm64"), soci, image.digest()), source.digest());

        assertEquals(Map.of("org.opencontainers.image.version", "1.2", SociAnnotations.INDEX_DIGEST, soci.digest()),
                index.manifestList().get(0).annotations());
    }

    @Test
    void singlePlatformRefusesASociIndexOfAnotherImage() {
        Canonical<ImageManifest> source = store.image("app", false, 1, Map.of());
        Canonical<ImageManifest> soci = store.sociIndex(source.value());
        SociEntry entry = new SociEntry(Platform.parse("linux/amd64"), soci, source.digest());
        Canonical<ImageManifest> image = Canonical.of(
                SociV2Assembler.rewriteImageManifest(source.value(), Optional.of(soci.digest())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SociV2Assembler.singlePlatform(image, entry, source.digest()));
        assertTrue(e.getMessage().contains("belongs to image manifest " + source.digest()), e.getMessage());
    }

    private record MultiPlatform(ImageIndex original, Canonical<ImageIndex> source, Canonical<ImageManifest> amd64,
            Canonical<ImageManifest> arm64, Descriptor attestation) {
    }

    private MultiPlatform multiPlatformSource() {
        Canonical<ImageManifest> amd64 = store.image("amd64", true, 2, Map.of());
        Canonical<ImageManifest> arm64 = store.image("arm64", false, 1, Map.of("org.opencontainers.image.created", "2026-01-01T00:00:00Z"));
        Descriptor attestation = store.attestation(amd64.digest());
        ImageIndex original = new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(
                amd64.descriptor().withPlatform(Platform.of("linux", "amd64", "")),
                arm64.descriptor().withPlatform(Platform.of("linux", "arm64", "v8")).withAnnotation("descriptor-only", "lost"),
                attestation), null, Map.of("org.opencontainers.image.ref.name", "v1"));
        Canonical<ImageIndex> source = Canonical.of(original);
        store.put(source);
        return new MultiPlatform(original, source, amd64, arm64, attestation);
    }

    @Test
    void multiPlatformIndexRewritesChildrenAndAppendsSociDescriptorsAfterThem() {
        MultiPlatform in = multiPlatformSource();

        ImageIndex out = store.convert(in.original(), in.source().digest());

        assertEquals(2, out.schemaVersion());
        assertEquals(MediaTypes.OCI_INDEX, out.mediaType());
        assertEquals(Map.of("org.opencontainers.image.ref.name", "v1", SociAnnotations.SOURCE_DIGEST, in.source().digest()),
                out.annotations());
        List<Descriptor> manifests = out.manifestList();
        assertEquals(5, manifests.size());

        Descriptor amd64 = manifests.get(0);
        ImageManifest amd64Manifest = ImageManifest.parse(store.content.get(amd64.digest()));
        assertEquals(MediaTypes.OCI_MANIFEST, amd64.mediaType(), "Docker child became OCI");
        assertEquals(store.content.get(amd64.digest()).length, amd64.size());
        assertEquals(amd64Manifest.annotations(), amd64.annotations());
        assertEquals(Platform.of("linux", "amd64", ""), amd64.platform());
        assertEquals(in.amd64().value().layers(), amd64Manifest.layers());

        Descriptor arm64 = manifests.get(1);
        ImageManifest arm64Manifest = ImageManifest.parse(store.content.get(arm64.digest()));
        assertEquals(Map.of("org.opencontainers.image.created", "2026-01-01T00:00:00Z",
                SociAnnotations.INDEX_DIGEST, arm64Manifest.annotations().get(SociAnnotations.INDEX_DIGEST)), arm64.annotations(),
                "descriptor annotations are replaced by the manifest's");
        assertEquals(Platform.of("linux", "arm64", "v8"), arm64.platform(), "the child's platform is kept as written");

        assertEquals(in.attestation(), manifests.get(2), "attestation entries are left untouched");

        for (int i = 3; i < 5; i++) {
            Descriptor soci = manifests.get(i);
            Descriptor image = manifests.get(i - 3);
            assertEquals(MediaTypes.OCI_MANIFEST, soci.mediaType());
            assertEquals(MediaTypes.SOCI_INDEX_V2, soci.artifactType());
            assertEquals(Map.of(SociAnnotations.IMAGE_MANIFEST_DIGEST, image.digest()), soci.annotations());
            assertEquals(image.annotations().get(SociAnnotations.INDEX_DIGEST), soci.digest());
            assertEquals(image.platform().normalize(), soci.platform());
        }
        assertEquals(List.of(), new IndexConformance(store::get).check(out.toJson()));
    }

    @Test
    void manifestListInputBecomesAnOciIndex() {
        MultiPlatform in = multiPlatformSource();
        ImageIndex list = in.original().withMediaType(MediaTypes.DOCKER_MANIFEST_LIST);
        ImageIndex out = store.convert(list, Canonical.of(list).digest());
        assertEquals(MediaTypes.OCI_INDEX, out.mediaType());
        assertEquals(List.of(), new IndexConformance(store::get).check(out.toJson()));
    }

    @Test
    void convertingTheOutputAgainReplacesSociDescriptorsInPlaceAndChangesNothing() {
        MultiPlatform in = multiPlatformSource();
        ImageIndex first = store.convert(in.original(), in.source().digest());
        assertTrue(SociV2Assembler.isAlreadyConverted(first));
        assertFalse(SociV2Assembler.isAlreadyConverted(in.original()));
        assertEquals(2, SociV2Assembler.convertibleChildren(first).size(), "SOCI and attestation entries are not candidates");

        ImageIndex second = store.convert(first, in.source().digest());

        assertArrayEquals(first.toJson(), second.toJson());
    }

    @Test
    void aSociDescriptorForAnotherPlatformIsKeptAndANewOneAppended() {
        MultiPlatform in = multiPlatformSource();
        ImageIndex converted = store.convert(in.original(), in.source().digest());
        Descriptor amd64Soci = converted.manifestList().get(3);
        Descriptor arm64Image = converted.manifestList().get(1);
        Descriptor arm64Soci = converted.manifestList().get(4);
        // Only amd64 had been converted before.
        ImageIndex partial = converted.withManifests(List.of(converted.manifestList().get(0), in.original().manifestList().get(1),
                in.attestation(), amd64Soci));

        ImageManifest arm64Manifest = ImageManifest.parse(store.content.get(in.arm64().digest()));
        Canonical<ImageManifest> soci = Canonical.of(ImageManifest.parse(store.content.get(arm64Soci.digest())));
        Canonical<ImageManifest> rewritten = Canonical.of(SociV2Assembler.rewriteImageManifest(arm64Manifest, Optional.of(soci.digest())));
        ImageIndex out = SociV2Assembler.multiPlatform(partial, in.source().digest(),
                List.of(new SociV2Assembler.ChildRewrite(in.arm64().digest(), rewritten)),
                List.of(new SociEntry(Platform.parse("linux/arm64"), soci, rewritten.digest())));

        assertEquals(List.of(converted.manifestList().get(0), arm64Image, in.attestation(), amd64Soci, arm64Soci),
                out.manifestList());
    }

    @Test
    void aSociEntryWhoseImageIsNotListedIsRefused() {
        MultiPlatform in = multiPlatformSource();
        Canonical<ImageManifest> soci = store.sociIndex(in.amd64().value());
        String stranger = Digests.sha256(new byte[] {42});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SociV2Assembler.multiPlatform(
                in.original(), in.source().digest(), List.of(), List.of(new SociEntry(Platform.parse("linux/amd64"), soci, stranger))));
        assertEquals("SOCI index " + soci.digest() + " belongs to image manifest " + stranger + ", which the index does not list",
                e.getMessage());
    }
}
