package dev.sociindex.index;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;

import java.util.List;
import java.util.Map;

/**
 * Builds the SOCI index manifest v2 (spec 3.1): an OCI image manifest whose config is the two-byte {@code {}}
 * blob typed with the v2 artifact type, whose layers are the zTOC descriptors in image layer order, with no
 * subject and no top-level artifactType, and whose only annotation is the build tool. No timestamp, so the
 * same zTOCs always give the same digest.
 */
public final class SociIndexManifest {
    /** sha256 of the two bytes {@code {}}. */
    public static final String CONFIG_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    public static final long CONFIG_SIZE = 2;

    private SociIndexManifest() {
    }

    /** The config blob, which must be pushed alongside the manifest. A fresh copy on every call. */
    public static byte[] configBlob() {
        return new byte[] {'{', '}'};
    }

    /**
     * @param ztocs in image manifest layer order, skipped layers left out; a layer listed twice in the image
     *              appears twice here too
     * @throws IllegalArgumentException when {@code ztocs} is empty: SOCI never writes an empty index
     */
    public static ImageManifest build(List<ZtocReference> ztocs, String buildToolIdentifier) {
        return build(ztocs, List.of(), buildToolIdentifier);
    }

    /** @param prefetch prefetch artifacts, listed after the zTOCs (spec 3.2) */
    public static ImageManifest build(List<ZtocReference> ztocs, List<PrefetchArtifact> prefetch, String buildToolIdentifier) {
        if (ztocs.isEmpty()) {
            throw new IllegalArgumentException("no layer got a zTOC; an empty SOCI index is never written");
        }
        Descriptor config = Descriptor.of(MediaTypes.SOCI_INDEX_V2, CONFIG_DIGEST, CONFIG_SIZE);
        List<Descriptor> layers = new java.util.ArrayList<>(ztocs.stream().map(ZtocReference::descriptor).toList());
        prefetch.forEach(p -> layers.add(p.descriptor()));
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, "", config, layers, null,
                Map.of(SociAnnotations.BUILD_TOOL_IDENTIFIER, buildToolIdentifier));
    }
}
