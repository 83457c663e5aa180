package dev.sociindex.index;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;

import dev.sociindex.oci.Digests;
import java.util.Objects;

/**
 * One SOCI index manifest S to list in the output OCI index: built for {@code platform} from the image manifest
 * whose rewritten form M' has digest {@code imageManifestDigest}.
 */
public record SociEntry(Platform platform, Canonical<ImageManifest> sociIndex, String imageManifestDigest) {

    public SociEntry {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(sociIndex, "sociIndex");
        if (!Digests.isSha256(imageManifestDigest)) {
            throw new IllegalArgumentException("image manifest digest \"" + imageManifestDigest + "\" is not a sha256 digest");
        }
    }

    /** The SOCI descriptor of spec 4.1 step 4. */
    public Descriptor descriptor() {
        return sociIndex.descriptor()
                .withAnnotation(SociAnnotations.IMAGE_MANIFEST_DIGEST, imageManifestDigest)
                .withPlatform(platform)
                .withArtifactType(MediaTypes.SOCI_INDEX_V2);
    }
}
