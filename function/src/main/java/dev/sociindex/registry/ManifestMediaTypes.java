package dev.sociindex.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Manifest media types this client asks registries for. */
public final class ManifestMediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Indexes first: a multi-platform tag must come back as its index, not one platform's manifest. */
    public static final List<String> MANIFEST_TYPES = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST,
            DOCKER_MANIFEST);

    private ManifestMediaTypes() {
    }

    /**
     * The media type of a manifest: the one its store declared (a {@code Content-Type} or a descriptor) when that
     * is specific, else the JSON's own {@code mediaType} field, else inferred the way the OCI spec allows for
     * manifests without that (optional) field: {@code manifests} means an index.
     *
     * @param declared e.g. {@code application/vnd.oci.image.manifest.v1+json; charset=utf-8}, or null
     */
    public static String of(String declared, byte[] manifest, ObjectMapper json) throws IOException {
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
}
