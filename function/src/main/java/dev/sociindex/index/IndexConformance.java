package dev.sociindex.index;

import dev.sociindex.oci.CanonicalJson;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;

import dev.sociindex.oci.Digests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a converted OCI image index against soci-snapshotter's conformance checklist ({@code validateConversion}
 * in its integration tests, spec 6) plus what the snapshotter itself rejects (spec 5 item 1). For every SOCI
 * v2 descriptor: it names its image manifest and a platform; that manifest is listed earlier in the index with
 * the same platform, is an OCI manifest without artifactType, has the OCI config type and points back at the
 * SOCI index; the SOCI index has the v2 config type and is canonical Go JSON. All content is looked up by
 * digest through a plain function, and its digest and size are verified.
 */
public final class IndexConformance {
    private final Function<String, Optional<byte[]>> content;

    /** @param content the bytes of a manifest or blob by digest; empty when the store does not have it */
    public IndexConformance(Function<String, Optional<byte[]>> content) {
        this.content = content;
    }

    /** Every problem found, each naming the descriptor it concerns; an empty list means the index conforms. */
    public List<String> check(byte[] indexBytes) {
        List<String> problems = new ArrayList<>();
        ImageIndex index;
        try {
            index = ImageIndex.parse(indexBytes);
        } catch (ManifestFormatException e) {
            return List.of(e.getMessage());
        }
        if (index.schemaVersion() != 2) {
            problems.add("index: schemaVersion is " + index.schemaVersion() + ", expected 2");
        }
        if (!index.mediaType().equals(MediaTypes.OCI_INDEX)) {
            problems.add("index: mediaType is \"" + index.mediaType() + "\", expected " + MediaTypes.OCI_INDEX);
        }
        requireCanonical("index", indexBytes, index, problems);
        List<Descriptor> manifests = index.manifestList();
        boolean anySoci = false;
        for (int i = 0; i < manifests.size(); i++) {
            if (SociV2Assembler.isSociDescriptor(manifests.get(i))) {
                anySoci = true;
                checkSociDescriptor(manifests, i, problems);
            }
        }
        if (!anySoci) {
            problems.add("index: lists no descriptor with artifactType " + MediaTypes.SOCI_INDEX_V2);
        }
        return problems;
    }

    private void checkSociDescriptor(List<Descriptor> manifests, int position, List<String> problems) {
        Descriptor soci = manifests.get(position);
        String where = "manifests[" + position + "] (SOCI index " + soci.digest() + ")";
        if (!soci.mediaType().equals(MediaTypes.OCI_MANIFEST)) {
            problems.add(where + ": mediaType is \"" + soci.mediaType() + "\", expected " + MediaTypes.OCI_MANIFEST);
        }
        if (soci.platform() == null) {
            problems.add(where + ": has no platform");
        }
        String imageDigest = soci.annotations().get(SociAnnotations.IMAGE_MANIFEST_DIGEST);
        if (imageDigest == null) {
            problems.add(where + ": has no " + SociAnnotations.IMAGE_MANIFEST_DIGEST + " annotation");
        }
        Optional<ImageManifest> sociIndex = fetchManifest(soci, where, problems);
        sociIndex.ifPresent(s -> checkSociIndex(s, where, problems));
        if (imageDigest != null) {
            checkImage(manifests, position, imageDigest, sociIndex, problems);
        }
    }

    private void checkSociIndex(ImageManifest sociIndex, String where, List<String> problems) {
        if (!sociIndex.config().mediaType().equals(MediaTypes.SOCI_INDEX_V2)) {
            problems.add(where + ": config mediaType is \"" + sociIndex.config().mediaType() + "\", expected "
                    + MediaTypes.SOCI_INDEX_V2);
        }
        if (!sociIndex.mediaType().equals(MediaTypes.OCI_MANIFEST)) {
            problems.add(where + ": manifest mediaType is \"" + sociIndex.mediaType() + "\", expected " + MediaTypes.OCI_MANIFEST);
        }
        if (sociIndex.subject() != null) {
            problems.add(where + ": a v2 SOCI index must not have a subject");
        }
        Descriptor config = sociIndex.config();
        if (!config.digest().equals(SociIndexManifest.CONFIG_DIGEST) || config.size() != SociIndexManifest.CONFIG_SIZE) {
            problems.add(where + ": config is " + config.digest() + " (" + config.size() + " bytes), expected the {} blob "
                    + SociIndexManifest.CONFIG_DIGEST);
        } else if (content.apply(config.digest()).isEmpty()) {
            problems.add(where + ": config blob " + config.digest() + " is missing");
        }
        List<Descriptor> layers = sociIndex.layerList();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor ztoc = layers.get(i);
            if (ztoc.mediaType().equals(MediaTypes.SOCI_ZTOC)
                    && !ztoc.annotations().containsKey(SociAnnotations.IMAGE_LAYER_DIGEST)) {
                problems.add(where + ": layers[" + i + "] has no " + SociAnnotations.IMAGE_LAYER_DIGEST + " annotation");
            }
        }
    }

    private void checkImage(List<Descriptor> manifests, int sociPosition, String imageDigest,
            Optional<ImageManifest> sociIndex, List<String> problems) {
        Descriptor soci = manifests.get(sociPosition);
        String where = "manifests[" + sociPosition + "] (SOCI index " + soci.digest() + ")";
        int imagePosition = -1;
        for (int i = 0; i < manifests.size(); i++) {
            if (!SociV2Assembler.isSociDescriptor(manifests.get(i)) && manifests.get(i).digest().equals(imageDigest)) {
                imagePosition = i;
                break;
            }
        }
        if (imagePosition < 0) {
            problems.add(where + ": its image manifest " + imageDigest + " is not listed in the index");
            return;
        }
        Descriptor image = manifests.get(imagePosition);
        String imageWhere = "manifests[" + imagePosition + "] (image manifest " + imageDigest + ")";
        if (imagePosition > sociPosition) {
            problems.add(imageWhere + ": comes after its SOCI index at manifests[" + sociPosition
                    + "]; image manifests must come first");
        }
        if (image.platform() == null) {
            problems.add(imageWhere + ": has no platform");
        } else if (soci.platform() != null && !samePlatform(image.platform(), soci.platform())) {
            problems.add(imageWhere + ": platform " + image.platform().format() + " differs from its SOCI index's "
                    + soci.platform().format());
        }
        String descriptorIndexDigest = image.annotations().get(SociAnnotations.INDEX_DIGEST);
        if (!soci.digest().equals(descriptorIndexDigest)) {
            problems.add(imageWhere + ": descriptor annotation " + SociAnnotations.INDEX_DIGEST + " is "
                    + descriptorIndexDigest + ", expected " + soci.digest());
        }
        fetchManifest(image, imageWhere, problems).ifPresent(manifest -> {
            if (!manifest.mediaType().equals(MediaTypes.OCI_MANIFEST)) {
                problems.add(imageWhere + ": mediaType is \"" + manifest.mediaType() + "\", expected " + MediaTypes.OCI_MANIFEST);
            }
            if (!manifest.artifactType().isEmpty()) {
                problems.add(imageWhere + ": has artifactType \"" + manifest.artifactType() + "\"; an image must have none");
            }
            if (!manifest.config().mediaType().equals(MediaTypes.OCI_CONFIG)) {
                problems.add(imageWhere + ": config mediaType is \"" + manifest.config().mediaType() + "\", expected "
                        + MediaTypes.OCI_CONFIG);
            }
            String indexDigest = manifest.annotations().get(SociAnnotations.INDEX_DIGEST);
            if (!soci.digest().equals(indexDigest)) {
                problems.add(imageWhere + ": manifest annotation " + SociAnnotations.INDEX_DIGEST + " is " + indexDigest
                        + ", expected " + soci.digest());
            }
            sociIndex.ifPresent(s -> checkLayersIndexed(s, manifest, where, problems));
        });
    }

    /** Every zTOC must index a layer of its image, or the snapshotter can never use it. */
    private static void checkLayersIndexed(ImageManifest sociIndex, ImageManifest image, String where, List<String> problems) {
        List<String> layerDigests = image.layerList().stream().map(Descriptor::digest).toList();
        List<Descriptor> ztocs = sociIndex.layerList();
        for (int i = 0; i < ztocs.size(); i++) {
            String layerDigest = ztocs.get(i).annotations().get(SociAnnotations.IMAGE_LAYER_DIGEST);
            if (ztocs.get(i).mediaType().equals(MediaTypes.SOCI_ZTOC) && layerDigest != null
                    && !layerDigests.contains(layerDigest)) {
                problems.add(where + ": layers[" + i + "] indexes layer " + layerDigest + ", which its image does not have");
            }
        }
    }

    private static boolean samePlatform(Platform a, Platform b) {
        return a.matchesStrictly(b) && b.matchesStrictly(a);
    }

    /** Fetches a manifest by its descriptor, checks digest, size and canonical form, and parses it. */
    private Optional<ImageManifest> fetchManifest(Descriptor descriptor, String where, List<String> problems) {
        Optional<byte[]> bytes = content.apply(descriptor.digest());
        if (bytes.isEmpty()) {
            problems.add(where + ": manifest " + descriptor.digest() + " is missing");
            return Optional.empty();
        }
        byte[] manifestBytes = bytes.get();
        String actual = Digests.sha256(manifestBytes);
        if (!actual.equals(descriptor.digest())) {
            problems.add(where + ": content has digest " + actual + ", descriptor says " + descriptor.digest());
        }
        if (manifestBytes.length != descriptor.size()) {
            problems.add(where + ": content is " + manifestBytes.length + " bytes, descriptor says " + descriptor.size());
        }
        try {
            ImageManifest manifest = ImageManifest.parse(manifestBytes);
            requireCanonical(where, manifestBytes, manifest, problems);
            return Optional.of(manifest);
        } catch (ManifestFormatException e) {
            problems.add(where + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The snapshotter re-marshals with Go and keeps the original digest: any difference fails the fetch. */
    private static void requireCanonical(String where, byte[] bytes, CanonicalJson parsed, List<String> problems) {
        if (!Arrays.equals(bytes, parsed.toJson())) {
            problems.add(where + ": not canonical Go JSON (parsing and re-encoding changes the bytes)");
        }
    }
}
