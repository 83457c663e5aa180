package dev.sociindex.index;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.MediaTypes;

import dev.sociindex.oci.Digests;
/**
 * One zTOC as the SOCI index manifest lists it: the zTOC blob (digest and size of its FlatBuffers bytes) and
 * the image layer it indexes.
 *
 * @param disableXattrs adds {@code com.amazon.soci.disable-xattrs: "true"} (spec 4.6); the caller decides
 *                      whether the layer qualifies
 */
public record ZtocReference(
        String ztocDigest,
        long ztocSize,
        String layerDigest,
        String layerMediaType,
        long spanSize,
        boolean disableXattrs) {

    public ZtocReference {
        requireDigest(ztocDigest, "zTOC digest");
        requireDigest(layerDigest, "layer digest");
        if (ztocSize <= 0) {
            throw new IllegalArgumentException("zTOC size must be positive, was " + ztocSize + " for " + ztocDigest);
        }
        if (layerMediaType == null || !MediaTypes.isLayer(layerMediaType)) {
            throw new IllegalArgumentException("\"" + layerMediaType + "\" of layer " + layerDigest + " is not a layer media type");
        }
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize + " for layer " + layerDigest);
        }
    }

    private static void requireDigest(String digest, String what) {
        if (digest == null || !Digests.isSha256(digest)) {
            throw new IllegalArgumentException(what + " \"" + digest + "\" is not sha256: followed by 64 lowercase hex digits");
        }
    }

    /** The layer entry of the SOCI index manifest (spec 3.1). */
    public Descriptor descriptor() {
        Descriptor descriptor = Descriptor.of(MediaTypes.SOCI_ZTOC, ztocDigest, ztocSize)
                .withAnnotation(SociAnnotations.IMAGE_LAYER_DIGEST, layerDigest)
                .withAnnotation(SociAnnotations.IMAGE_LAYER_MEDIA_TYPE, layerMediaType)
                .withAnnotation(SociAnnotations.SPAN_SIZE, Long.toString(spanSize));
        return disableXattrs ? descriptor.withAnnotation(SociAnnotations.DISABLE_XATTRS, "true") : descriptor;
    }
}
