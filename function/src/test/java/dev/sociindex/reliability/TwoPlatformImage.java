package dev.sociindex.reliability;

import dev.sociindex.files.FileTrees;
import dev.sociindex.oci.Digests;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real two-platform image in a {@link LocalRegistry}: umoci builds an amd64 and an arm64 image (two Go-gzip layers
 * each, about 300 kB of mixed data per layer), skopeo pushes them, and an OCI index over both is tagged. A second
 * index, {@code other}, lists the same children in the other order, so it has another digest.
 */
record TwoPlatformImage(String repository, String tag, String indexDigest, String otherTag, String otherDigest,
                        ImageManifest amd64, String amd64Digest, ImageManifest arm64, String arm64Digest) {

    /** Small spans so that each layer has several checkpoints; every layer qualifies. */
    static final ConvertOptions OPTIONS = new ConvertOptions(64 << 10, 0, List.of(), "-soci", null, 2, "reliability");

    static TwoPlatformImage push(LocalRegistry registry, String repository) throws IOException {
        Path layout = Files.createTempDirectory("reliability-image").resolve("layout");
        try {
            OciImages.create(layout, "amd64", "amd64", List.of(
                    Map.of("usr/lib/a.bin", Encoders.mixedData(1, 300_000), "etc/a.conf", bytes("a=1\n")),
                    Map.of("opt/app/b.bin", Encoders.mixedData(2, 300_000))));
            OciImages.create(layout, "arm64", "arm64", List.of(
                    Map.of("usr/lib/c.bin", Encoders.mixedData(3, 300_000)),
                    Map.of("opt/app/d.bin", Encoders.mixedData(4, 250_000), "opt/app/e.txt", bytes("e\n"))));
            registry.push(layout, "amd64", repository, "amd64");
            registry.push(layout, "arm64", repository, "arm64");
        } finally {
            FileTrees.deleteTree(layout.getParent());
        }
        try (RegistryImageStore store = registry.repository(repository)) {
            ManifestData amd = store.getManifest("amd64").orElseThrow();
            ManifestData arm = store.getManifest("arm64").orElseThrow();
            String amdEntry = entry(amd, "amd64");
            String armEntry = entry(arm, "arm64");
            ManifestData index = index(amdEntry + "," + armEntry);
            ManifestData other = index(armEntry + "," + amdEntry);
            store.putManifest("v1", index);
            store.putManifest("other", other);
            return new TwoPlatformImage(repository, "v1", index.digest(), "other", other.digest(),
                    ImageManifest.parse(amd.bytes()), amd.digest(), ImageManifest.parse(arm.bytes()), arm.digest());
        }
    }

    /** Every layer digest of both platforms. */
    List<String> layerDigests() {
        return java.util.stream.Stream.concat(amd64.layerList().stream(), arm64.layerList().stream())
                .map(Descriptor::digest).toList();
    }

    String firstLayer() {
        return amd64.layerList().getFirst().digest();
    }

    private static String entry(ManifestData manifest, String architecture) {
        return "{\"mediaType\":\"" + manifest.mediaType() + "\",\"digest\":\"" + manifest.digest() + "\",\"size\":"
                + manifest.bytes().length + ",\"platform\":{\"architecture\":\"" + architecture
                + "\",\"os\":\"linux\"}}";
    }

    private static ManifestData index(String entries) {
        byte[] json = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + entries + "]}").getBytes(StandardCharsets.UTF_8);
        return new ManifestData(json, MediaTypes.OCI_INDEX, Digests.sha256(json));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
