package dev.sociindex.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Media types of OCI and Docker images and of SOCI artifacts, and containerd's rules for reading them. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = OCI_LAYER_NONDISTRIBUTABLE_TAR + "+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = OCI_LAYER_NONDISTRIBUTABLE_TAR + "+zstd";

    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
    public static final String DOCKER_LAYER_FOREIGN_TAR = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public static final String DOCKER_LAYER_FOREIGN_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /** Artifact type of a SOCI index manifest v1 (carried by its config media type). */
    public static final String SOCI_INDEX_V1 = "application/vnd.amazon.soci.index.v1+json";
    /** Artifact type of a SOCI index manifest v2 (config media type, and the index descriptor's artifactType). */
    public static final String SOCI_INDEX_V2 = "application/vnd.amazon.soci.index.v2+json";
    /** zTOC blobs are plain octet streams; the annotations say which layer they index. */
    public static final String SOCI_ZTOC = "application/octet-stream";
    public static final String SOCI_PREFETCH = "application/vnd.amazon.soci.prefetch.v1+json";

    /** Indexes first: a multi-platform tag must come back as its index, not one platform's manifest. */
    public static final List<String> MANIFEST_TYPES = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST,
            DOCKER_MANIFEST);

    private static final String OCI_LAYER_PREFIX = "application/vnd.oci.image.layer.";

    private MediaTypes() {
    }

    /** containerd {@code images.IsLayerType}: any OCI layer type, or a Docker rootfs diff type (suffixes ignored). */
    public static boolean isLayer(String mediaType) {
        if (mediaType.startsWith(OCI_LAYER_PREFIX)) {
            return true;
        }
        return List.of(DOCKER_LAYER_TAR, DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_TAR, DOCKER_LAYER_FOREIGN_GZIP,
                DOCKER_LAYER_ZSTD).contains(baseType(mediaType));
    }

    /**
     * The compression of a layer (spec 2.1, after containerd {@code images.DiffCompression}). Docker's plain
     * {@code diff.tar} is read as a tar, as SOCI does. Deliberately stricter than containerd for wrapped types
     * ({@code +encrypted} and unknown suffixes, which containerd would treat as plain tar or by their last
     * suffix): those are {@link LayerCompression#UNSUPPORTED}, so the layer is skipped rather than misread.
     *
     * @throws IllegalArgumentException when {@link #isLayer} is false
     */
    public static LayerCompression layerCompression(String mediaType) {
        if (!isLayer(mediaType)) {
            throw new IllegalArgumentException("\"" + mediaType + "\" is not a layer media type");
        }
        String base = baseType(mediaType);
        String suffixes = mediaType.substring(base.length());
        return switch (base) {
            case OCI_LAYER_TAR, OCI_LAYER_NONDISTRIBUTABLE_TAR -> switch (suffixes) {
                case "" -> LayerCompression.UNCOMPRESSED;
                case "+gzip" -> LayerCompression.GZIP;
                case "+zstd" -> LayerCompression.ZSTD;
                default -> LayerCompression.UNSUPPORTED;
            };
            case DOCKER_LAYER_TAR, DOCKER_LAYER_FOREIGN_TAR ->
                    suffixes.isEmpty() ? LayerCompression.UNCOMPRESSED : LayerCompression.UNSUPPORTED;
            case DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP ->
                    suffixes.isEmpty() ? LayerCompression.GZIP : LayerCompression.UNSUPPORTED;
            case DOCKER_LAYER_ZSTD -> suffixes.isEmpty() ? LayerCompression.ZSTD : LayerCompression.UNSUPPORTED;
            default -> LayerCompression.UNSUPPORTED;
        };
    }

    public static boolean isIndex(String mediaType) {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_MANIFEST_LIST);
    }

    public static boolean isManifest(String mediaType) {
        return mediaType.equals(OCI_MANIFEST) || mediaType.equals(DOCKER_MANIFEST);
    }

    /** The media type without its {@code +suffix} parts (containerd's {@code parseMediaTypes} base). */
    /**
     * The media type of a manifest: the one its store declared (a {@code Content-Type} or a descriptor) when that
     * is specific, else the JSON's own {@code mediaType} field, else inferred the way the OCI spec allows for
     * manifests without that (optional) field: {@code manifests} means an index.
     *
     * @param declared e.g. {@code application/vnd.oci.image.manifest.v1+json; charset=utf-8}, or null
     */
    public static String resolve(String declared, byte[] manifest, ObjectMapper json) throws IOException {
        String type = declared == null ? "" : declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("application/json") && !type.equals("text/plain")
                && !type.equals("application/octet-stream")) {
            return type;
        }
        JsonNode root = json.readTree(manifest);
        if (root == null || !root.isObject()) {
            throw new IOException("manifest is not a JSON object");
        }
        String field = root.path("mediaType").asText("");
        if (!field.isEmpty()) {
            return field;
        }
        return root.has("manifests") ? OCI_INDEX : OCI_MANIFEST;
    }

    private static String baseType(String mediaType) {
        int plus = mediaType.indexOf('+');
        return plus < 0 ? mediaType : mediaType.substring(0, plus);
    }
}
