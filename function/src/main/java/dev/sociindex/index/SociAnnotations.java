package dev.sociindex.index;

/** Annotation keys of SOCI artifacts (spec 3.1, 4.1, 4.6), and the one this project adds. */
public final class SociAnnotations {
    /** On a zTOC descriptor: digest of the image layer it indexes (the snapshotter's lookup key). */
    public static final String IMAGE_LAYER_DIGEST = "com.amazon.soci.image-layer-digest";
    /** On a zTOC descriptor: media type of that layer. */
    public static final String IMAGE_LAYER_MEDIA_TYPE = "com.amazon.soci.image-layer-mediaType";
    /** On a zTOC descriptor: span size in decimal. */
    public static final String SPAN_SIZE = "com.amazon.soci.span-size";
    /** On a zTOC descriptor: {@code "true"} turns off xattr support for that layer's mount. */
    public static final String DISABLE_XATTRS = "com.amazon.soci.disable-xattrs";
    /** On the SOCI index manifest itself. */
    public static final String BUILD_TOOL_IDENTIFIER = "com.amazon.soci.build-tool-identifier";
    /** On the image manifest M': digest of its SOCI index manifest S (how the snapshotter finds S). */
    public static final String INDEX_DIGEST = "com.amazon.soci.index-digest";
    /** On the SOCI descriptor in the OCI index: digest of the image manifest M' it belongs to. */
    public static final String IMAGE_MANIFEST_DIGEST = "com.amazon.soci.image-manifest-digest";
    /**
     * Ours, on the output OCI index: digest of the source manifest it was built from, so a converter can see
     * that a tag already holds the conversion of this exact source. Nothing in SOCI reads it.
     */
    public static final String SOURCE_DIGEST = "dev.sociindex.source-digest";
    /**
     * Our own annotation on the output OCI index: the options that shape the output (span size, minimum layer size,
     * platforms, build tool), so that a rerun with other options rebuilds instead of reporting "already converted".
     */
    public static final String BUILD_OPTIONS = "dev.sociindex.build-options";

    /**
     * Ours, on an output OCI index written by {@code --tag-when-empty}: no layer of any platform qualified, so the
     * index lists the unchanged image manifests and no SOCI index; the value lists the skip reasons.
     */
    public static final String NO_SOCI_INDEX = "dev.sociindex.no-soci-index";

    private SociAnnotations() {
    }
}
