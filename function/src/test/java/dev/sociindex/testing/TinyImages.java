package dev.sociindex.testing;

import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Small images of their own, written through the store API in a few milliseconds each, for tests that need hundreds:
 * one gzip layer (a ustar tar of a directory and a file naming the image, gzipped by java.util.zip) and its config.
 */
public final class TinyImages {
    private TinyImages() {
    }

    /** Pushes an image unique to {@code name} and tags it {@code tag}; returns the manifest's digest. */
    public static String push(ImageStore store, String name, String tag) throws IOException {
        byte[] content = ("image " + name + ":" + tag + "\n").repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] tar = TarHeaderBuilder.concat(
                TarHeaderBuilder.ustar("app/", '5').octal(100, 8, 0755).build(),
                TarHeaderBuilder.ustar("app/build.txt", '0').octal(100, 8, 0644).size(content.length).build(),
                TarHeaderBuilder.data(content),
                TarHeaderBuilder.endOfArchive());
        return pushSingleLayer(store, tag, tar, Encoders.javaGzip(tar));
    }

    /**
     * Pushes a linux/amd64 image of the one gzip layer {@code layer} (whose tar is {@code tar}, for the config's diff
     * id, so that a layer may be broken on purpose) and tags it {@code tag}; returns the manifest's digest.
     */
    public static String pushSingleLayer(ImageStore store, String tag, byte[] tar, byte[] layer) throws IOException {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + Digests.sha256(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digests.sha256(config)
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\""
                + Digests.sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256(manifest);
        store.putBlob(Digests.sha256(layer), layer);
        store.putBlob(Digests.sha256(config), config);
        store.putManifest(tag, new ManifestData(manifest, MediaTypes.OCI_MANIFEST, digest));
        return digest;
    }
}
