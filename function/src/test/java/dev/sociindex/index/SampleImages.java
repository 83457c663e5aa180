package dev.sociindex.index;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;

import dev.sociindex.oci.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small content store (bytes by digest) holding made-up images, and the conversion steps a converter takes
 * with this package's API: build S from zTOC references, rewrite M into M', assemble the index. The blobs are
 * placeholders (the index layer never reads layer or zTOC contents), the manifests are real JSON.
 */
final class SampleImages {
    final Map<String, byte[]> content = new HashMap<>();

    String put(byte[] bytes) {
        String digest = Digests.sha256(bytes);
        content.put(digest, bytes.clone());
        return digest;
    }

    String put(Canonical<?> canonical) {
        return put(canonical.bytes());
    }

    Optional<byte[]> get(String digest) {
        return Optional.ofNullable(content.get(digest)).map(byte[]::clone);
    }

    Descriptor blob(String mediaType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Descriptor.of(mediaType, put(bytes), bytes.length);
    }

    /** An image manifest of the given family with {@code layerCount} distinct layers, stored. */
    Canonical<ImageManifest> image(String name, boolean docker, int layerCount, Map<String, String> annotations) {
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            layers.add(blob(docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP, name + " layer " + i));
        }
        Descriptor config = blob(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, "{\"config of\":\"" + name + "\"}");
        ImageManifest manifest = new ImageManifest(2, docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST, "",
                config, layers, null, annotations);
        Canonical<ImageManifest> canonical = Canonical.of(manifest);
        put(canonical);
        return canonical;
    }

    /** BuildKit-style attestation manifest for {@code subjectDigest}, and its index descriptor. */
    Descriptor attestation(String subjectDigest) {
        Descriptor statement = blob("application/vnd.in-toto+json", "{\"predicateType\":\"https://spdx.dev/Document\"}");
        Descriptor config = blob(MediaTypes.OCI_CONFIG, "{\"architecture\":\"unknown\",\"os\":\"unknown\"}");
        Canonical<ImageManifest> manifest = Canonical.of(
                new ImageManifest(2, MediaTypes.OCI_MANIFEST, "", config, List.of(statement), null, Map.of()));
        put(manifest);
        return manifest.descriptor()
                .withAnnotations(Map.of("vnd.docker.reference.digest", subjectDigest,
                        "vnd.docker.reference.type", "attestation-manifest"))
                .withPlatform(Platform.of("unknown", "unknown", ""));
    }

    /** S for an image: one zTOC per layer, stored together with the {@code {}} config. */
    Canonical<ImageManifest> sociIndex(ImageManifest image) {
        List<ZtocReference> ztocs = new ArrayList<>();
        for (Descriptor layer : image.layerList()) {
            byte[] ztoc = ("zTOC of " + layer.digest()).getBytes(StandardCharsets.UTF_8);
            ztocs.add(new ZtocReference(put(ztoc), ztoc.length, layer.digest(), layer.mediaType(), 1 << 22, false));
        }
        put(SociIndexManifest.configBlob());
        Canonical<ImageManifest> soci = Canonical.of(SociIndexManifest.build(ztocs, "sample builder"));
        put(soci);
        return soci;
    }

    /** What a converter does for an index: every convertible child gets its own S and becomes M'. */
    ImageIndex convert(ImageIndex original, String sourceDigest) {
        List<SociV2Assembler.ChildRewrite> rewrites = new ArrayList<>();
        List<SociEntry> entries = new ArrayList<>();
        for (Descriptor child : SociV2Assembler.convertibleChildren(original)) {
            ImageManifest manifest = ImageManifest.parse(content.get(child.digest()));
            Canonical<ImageManifest> soci = sociIndex(manifest);
            Canonical<ImageManifest> rewritten = Canonical.of(
                    SociV2Assembler.rewriteImageManifest(manifest, Optional.of(soci.digest())));
            put(rewritten);
            rewrites.add(new SociV2Assembler.ChildRewrite(child.digest(), rewritten));
            entries.add(new SociEntry(child.platform().normalize(), soci, rewritten.digest()));
        }
        return SociV2Assembler.multiPlatform(original, sourceDigest, rewrites, entries);
    }
}
