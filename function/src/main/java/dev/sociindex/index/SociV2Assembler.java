package dev.sociindex.index;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;

import dev.sociindex.oci.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Assembles the SOCI index manifest v2 layout (spec 4): rewrites image manifests so they point at their SOCI
 * index, and builds the OCI image index that lists the image manifests first and the SOCI indexes after them.
 */
public final class SociV2Assembler {

    private SociV2Assembler() {
    }

    /**
     * Spec 4.1 step 3, M → M': OCI manifest media type (Docker v2 manifests too), OCI config media type (config
     * bytes untouched), layers untouched, other annotations kept, unknown members already dropped by parsing.
     *
     * @param sociIndexDigest digest of S to record in {@code com.amazon.soci.index-digest}; empty for a child
     *                        that gets no SOCI index of its own (it is still converted to OCI types, as Go does)
     */
    public static ImageManifest rewriteImageManifest(ImageManifest original, Optional<String> sociIndexDigest) {
        ImageManifest rewritten = original.withMediaType(MediaTypes.OCI_MANIFEST)
                .withConfig(original.config().withMediaType(MediaTypes.OCI_CONFIG));
        return sociIndexDigest.map(digest -> rewritten.withAnnotation(SociAnnotations.INDEX_DIGEST, digest))
                .orElse(rewritten);
    }

    /**
     * Spec 4.1 step 4: the index for an image that was a single manifest. M''s descriptor carries M''s
     * annotations and the platform; the SOCI descriptor follows it.
     */
    public static ImageIndex singlePlatform(Canonical<ImageManifest> image, SociEntry soci, String sourceDigest) {
        if (!soci.imageManifestDigest().equals(image.digest())) {
            throw new IllegalArgumentException("SOCI index " + soci.sociIndex().digest() + " belongs to image manifest "
                    + soci.imageManifestDigest() + ", not to " + image.digest());
        }
        Descriptor imageDescriptor = image.descriptor()
                .withAnnotations(image.value().annotations())
                .withPlatform(soci.platform());
        return new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(imageDescriptor, soci.descriptor()), null,
                Map.of(SociAnnotations.SOURCE_DIGEST, requireDigest(sourceDigest)));
    }

    /** A child manifest of an index and its rewritten form M'. */
    public record ChildRewrite(String originalDigest, Canonical<ImageManifest> rewritten) {
        public ChildRewrite {
            requireDigest(originalDigest);
            Objects.requireNonNull(rewritten, "rewritten");
        }
    }

    /**
     * Spec 4.2: the index for an image that was an index or manifest list. Starts from {@code original} (media
     * type forced to OCI, everything else kept in order), points each rewritten child's descriptor at M' (digest,
     * size, media type, annotations replaced by M''s), leaves other children alone, then puts each SOCI
     * descriptor in place of an existing SOCI v2 descriptor with a strictly matching platform, or appends it.
     * Existing SOCI descriptors and {@code unknown/unknown} attestation entries are never rewritten.
     */
    public static ImageIndex multiPlatform(ImageIndex original, String sourceDigest, List<ChildRewrite> rewrites,
            List<SociEntry> sociEntries) {
        List<Descriptor> manifests = new ArrayList<>();
        for (Descriptor child : original.manifestList()) {
            manifests.add(isConvertible(child) ? rewritten(child, rewrites) : child);
        }
        for (SociEntry soci : sociEntries) {
            requireListed(manifests, soci);
            int existing = indexOfSociDescriptor(manifests, soci.platform());
            if (existing >= 0) {
                manifests.set(existing, soci.descriptor());
            } else {
                manifests.add(soci.descriptor());
            }
        }
        return original.withMediaType(MediaTypes.OCI_INDEX)
                .withManifests(manifests)
                .withAnnotation(SociAnnotations.SOURCE_DIGEST, requireDigest(sourceDigest));
    }

    /**
     * The children a converter should consider: image manifests (OCI or Docker) that are neither SOCI indexes
     * nor attestation manifests. Anything else (nested indexes, artifacts) is carried over untouched.
     */
    public static List<Descriptor> convertibleChildren(ImageIndex index) {
        return index.manifestList().stream().filter(SociV2Assembler::isConvertible).toList();
    }

    /** Whether the index already lists SOCI v2 indexes, i.e. it is the output of a conversion. */
    public static boolean isAlreadyConverted(ImageIndex index) {
        return index.manifestList().stream().anyMatch(SociV2Assembler::isSociDescriptor);
    }

    /** The source digest recorded by {@link #singlePlatform} or {@link #multiPlatform}, if any. */
    public static Optional<String> sourceDigest(ImageIndex index) {
        return Optional.ofNullable(index.annotations().get(SociAnnotations.SOURCE_DIGEST));
    }

    public static boolean isSociDescriptor(Descriptor descriptor) {
        return descriptor.artifactType().equals(MediaTypes.SOCI_INDEX_V2);
    }

    private static boolean isConvertible(Descriptor descriptor) {
        return MediaTypes.isManifest(descriptor.mediaType())
                && !isSociDescriptor(descriptor)
                && (descriptor.platform() == null || !descriptor.platform().isUnknown());
    }

    private static Descriptor rewritten(Descriptor child, List<ChildRewrite> rewrites) {
        for (ChildRewrite rewrite : rewrites) {
            if (rewrite.originalDigest().equals(child.digest())) {
                Canonical<ImageManifest> manifest = rewrite.rewritten();
                return child.withMediaType(manifest.mediaType())
                        .withContent(manifest.digest(), manifest.size())
                        .withAnnotations(manifest.value().annotations());
            }
        }
        return child;
    }

    private static int indexOfSociDescriptor(List<Descriptor> manifests, Platform platform) {
        for (int i = 0; i < manifests.size(); i++) {
            Descriptor descriptor = manifests.get(i);
            if (isSociDescriptor(descriptor) && descriptor.platform() != null
                    && platform.matchesStrictly(descriptor.platform())) {
                return i;
            }
        }
        return -1;
    }

    /** A SOCI descriptor pointing at an image manifest the index does not list would be unreachable. */
    private static void requireListed(List<Descriptor> manifests, SociEntry soci) {
        boolean listed = manifests.stream()
                .anyMatch(d -> !isSociDescriptor(d) && d.digest().equals(soci.imageManifestDigest()));
        if (!listed) {
            throw new IllegalArgumentException("SOCI index " + soci.sociIndex().digest() + " belongs to image manifest "
                    + soci.imageManifestDigest() + ", which the index does not list");
        }
    }

    private static String requireDigest(String digest) {
        if (digest == null || !Digests.isSha256(digest)) {
            throw new IllegalArgumentException("\"" + digest + "\" is not a sha256 digest");
        }
        return digest;
    }
}
