package dev.sociindex.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.bench.ExternalTool;
import dev.sociindex.oci.Digests;
import dev.sociindex.contract.Defaults;
import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;
import dev.sociindex.store.ImageStore;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.OciImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Images for the conversion tests, built with umoci (Go gzip layers) into one OCI layout, and the multi-platform,
 * attestation, Docker manifest list and zstd variants that umoci cannot produce, written through the store API.
 * Layers are a few hundred KiB so that, with {@link #OPTIONS} (64 KiB minimum, 128 KiB spans), each qualifying
 * layer has several spans while the whole fixture stays a few MB.
 */
final class ConversionFixtures {
    static final long SPAN_SIZE = 128 << 10;
    static final long MIN_LAYER_SIZE = 64 << 10;
    static final ConvertOptions OPTIONS = new ConvertOptions(SPAN_SIZE, MIN_LAYER_SIZE, List.of(),
            Defaults.OUTPUT_TAG_SUFFIX, null, 2, Defaults.BUILD_TOOL_IDENTIFIER);

    /** Layout tags: amd64 = [big, big, small]; arm64 = the same three layers + one big of its own. */
    static final String AMD64 = "amd64";
    static final String ARM64 = "arm64";
    /** amd64's layers under a different config: "the same tag now names another image". */
    static final String AMD64_CHANGED = "amd64-changed";
    /** One small layer only. */
    static final String SMALL = "small";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConversionFixtures() {
    }

    static ConvertOptions options(List<String> platforms) {
        return new ConvertOptions(SPAN_SIZE, MIN_LAYER_SIZE, platforms, Defaults.OUTPUT_TAG_SUFFIX, null, 2,
                Defaults.BUILD_TOOL_IDENTIFIER);
    }

    /** Builds every layout tag above into {@code layout}. */
    static void buildLayout(Path layout) throws IOException {
        String amd64 = layout + ":" + AMD64;
        ExternalTool.run(List.of("umoci", "init", "--layout", layout.toString()));
        ExternalTool.run(List.of("umoci", "new", "--image", amd64));
        OciImages.addLayer(amd64, Map.of("usr/lib/data-one.bin", Encoders.mixedData(1, 360_000),
                "usr/lib/noise-one.bin", Encoders.randomBytes(11, 90_000),
                "etc/one.conf", "one\n".getBytes(StandardCharsets.UTF_8)));
        OciImages.addLayer(amd64, Map.of("opt/app/data-two.bin", Encoders.mixedData(2, 300_000),
                "opt/app/noise-two.bin", Encoders.randomBytes(12, 100_000)));
        OciImages.addLayer(amd64, Map.of("etc/small.txt", "a layer far below the minimum size\n".getBytes(StandardCharsets.UTF_8)));
        ExternalTool.run(List.of("umoci", "config", "--image", amd64, "--architecture", "amd64", "--os", "linux"));

        // umoci config --tag copies the image under a new tag with the layers shared, byte for byte
        ExternalTool.run(List.of("umoci", "config", "--image", amd64, "--tag", ARM64, "--architecture", "arm64"));
        OciImages.addLayer(layout + ":" + ARM64, Map.of("opt/arm/data-four.bin", Encoders.mixedData(4, 250_000),
                "opt/arm/noise-four.bin", Encoders.randomBytes(14, 80_000)));
        ExternalTool.run(List.of("umoci", "config", "--image", amd64, "--tag", AMD64_CHANGED,
                "--config.env", "CHANGED=yes"));

        OciImages.create(layout, SMALL, "amd64", List.of(Map.of("etc/tiny.txt", "tiny\n".getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Puts an OCI index into {@code store} under {@code tag}: the amd64 and arm64 manifests at {@code amd64Ref} and
     * {@code arm64Ref} (already in the store) with their platforms, then a buildx-style attestation manifest
     * ({@code unknown/unknown}) that refers to the amd64 manifest. Returns the index as pushed.
     */
    static ManifestData pushMultiPlatform(ImageStore store, String amd64Ref, String arm64Ref, String tag) throws IOException {
        ManifestData amd64 = store.getManifest(amd64Ref).orElseThrow();
        ManifestData arm64 = store.getManifest(arm64Ref).orElseThrow();
        Descriptor attestation = pushAttestation(store, amd64.digest());
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(
                childDescriptor(amd64, Platform.of("linux", "amd64", "")),
                childDescriptor(arm64, Platform.of("linux", "arm64", "")),
                attestation), null, Map.of());
        return push(store, tag, Canonical.of(index).toManifestData());
    }

    /** A Docker manifest list of two Docker v2s2 manifests already in {@code store}. */
    static ManifestData pushDockerManifestList(ImageStore store, String amd64Ref, String arm64Ref, String tag) throws IOException {
        ManifestData amd64 = store.getManifest(amd64Ref).orElseThrow();
        ManifestData arm64 = store.getManifest(arm64Ref).orElseThrow();
        ImageIndex list = new ImageIndex(2, MediaTypes.DOCKER_MANIFEST_LIST, "", List.of(
                childDescriptor(amd64, Platform.of("linux", "amd64", "")),
                childDescriptor(arm64, Platform.of("linux", "arm64", ""))), null, Map.of());
        return push(store, tag, Canonical.of(list).toManifestData());
    }

    private static Descriptor childDescriptor(ManifestData manifest, Platform platform) {
        return Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.bytes().length).withPlatform(platform);
    }

    /** The shape docker buildx gives provenance: an in-toto layer, platform unknown/unknown, a reference annotation. */
    private static Descriptor pushAttestation(ImageStore store, String subjectDigest) throws IOException {
        byte[] statement = ("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":\"https://slsa.dev/provenance/v0.2\","
                + "\"subject\":[],\"predicate\":{\"builder\":{\"id\":\"conversion-test\"}}}").getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"unknown\",\"os\":\"unknown\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + Digests.sha256(statement) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        store.putBlob(Digests.sha256(statement), statement);
        store.putBlob(Digests.sha256(config), config);
        Descriptor layer = Descriptor.of("application/vnd.in-toto+json", Digests.sha256(statement), statement.length)
                .withAnnotation("in-toto.io/predicate-type", "https://slsa.dev/provenance/v0.2");
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, "",
                Descriptor.of(MediaTypes.OCI_CONFIG, Digests.sha256(config), config.length), List.of(layer), null, Map.of());
        Canonical<ImageManifest> canonical = Canonical.of(manifest);
        store.putManifest(canonical.digest(), canonical.toManifestData());
        return canonical.descriptor()
                .withAnnotation("vnd.docker.reference.digest", subjectDigest)
                .withAnnotation("vnd.docker.reference.type", "attestation-manifest")
                .withPlatform(Platform.of("unknown", "unknown", ""));
    }

    /**
     * The image at {@code baseRef} plus one zstd layer (GNU tar, then the zstd tool) on top, with the config's
     * {@code diff_ids} extended to match, pushed as {@code tag}. Returns the zstd layer's descriptor.
     */
    static Descriptor pushWithZstdLayer(ImageStore store, String baseRef, String tag, Path scratch) throws IOException {
        ImageManifest base = ImageManifest.parse(store.getManifest(baseRef).orElseThrow().bytes());
        Path tree = Files.createDirectories(scratch.resolve("zstd-tree"));
        Files.write(tree.resolve("zstd-data.bin"), Encoders.randomBytes(21, 120_000));
        Files.writeString(tree.resolve("zstd-note.txt"), "compressed with zstd\n");
        Path tar = scratch.resolve("zstd-layer.tar");
        ExternalTool.run(List.of("tar", "--sort=name", "--owner=0", "--group=0", "--mtime=@0", "-cf", tar.toString(),
                "-C", tree.toString(), "."));
        byte[] tarBytes = Files.readAllBytes(tar);
        byte[] zstd = ExternalTool.pipe(tarBytes, "zstd", "-q", "-c", "-3");
        store.putBlob(Digests.sha256(zstd), zstd);

        ObjectNode config;
        try (InputStream in = store.openBlob(base.config().digest(), base.config().size())) {
            config = (ObjectNode) JSON.readTree(in);
        }
        ((ArrayNode) config.path("rootfs").path("diff_ids")).add(Digests.sha256(tarBytes));
        byte[] configBytes = JSON.writeValueAsBytes(config);
        store.putBlob(Digests.sha256(configBytes), configBytes);

        Descriptor zstdLayer = Descriptor.of(MediaTypes.OCI_LAYER_ZSTD, Digests.sha256(zstd), zstd.length);
        List<Descriptor> layers = new ArrayList<>(base.layerList());
        layers.add(zstdLayer);
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, "",
                Descriptor.of(MediaTypes.OCI_CONFIG, Digests.sha256(configBytes), configBytes.length), layers, null, Map.of());
        push(store, tag, Canonical.of(manifest).toManifestData());
        return zstdLayer;
    }

    /**
     * Copies an image (a manifest, or an index with every child it lists) between stores under {@code tag}:
     * blobs by {@link ImageStore#copyBlobFrom} (a mount inside one registry), children by digest.
     */
    static ManifestData copyImage(ImageStore from, String reference, ImageStore to, String tag) throws IOException {
        ManifestData top = from.getManifest(reference).orElseThrow();
        if (MediaTypes.isIndex(top.mediaType())) {
            for (Descriptor child : ImageIndex.parse(top.bytes()).manifestList()) {
                copyManifest(from, from.getManifest(child.digest()).orElseThrow(), to, child.digest());
            }
            return push(to, tag, top);
        }
        copyManifest(from, top, to, tag);
        return top;
    }

    private static void copyManifest(ImageStore from, ManifestData data, ImageStore to, String reference) throws IOException {
        ImageManifest manifest = ImageManifest.parse(data.bytes());
        to.copyBlobFrom(from, manifest.config().digest(), manifest.config().size());
        for (Descriptor layer : manifest.layerList()) {
            to.copyBlobFrom(from, layer.digest(), layer.size());
        }
        to.putManifest(reference, data);
    }

    private static ManifestData push(ImageStore store, String tag, ManifestData manifest) throws IOException {
        store.putManifest(tag, manifest);
        return manifest;
    }
}
