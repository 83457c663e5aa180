package dev.sociindex.demo;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Writes the demo's sample image (three gzip layers, linux/amd64) into a store under a tag. */
public final class SampleImage {
    private SampleImage() {
    }

    /** Returns the digest of the image manifest written under {@code tag}. */
    public static String write(ImageStore store, String tag) throws IOException {
        List<byte[]> layers = List.of(SampleLayers.baseLayer(), SampleLayers.runtimeLayer(), SampleLayers.appLayer());
        List<Descriptor> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] layer : layers) {
            String digest = Digests.sha256(layer);
            store.putBlob(digest, layer);
            layerDescriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, layer.length));
            diffIds.add(uncompressedDigest(layer));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/usr/bin/sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + String.join("\",\"", diffIds) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = Digests.sha256(config);
        store.putBlob(configDigest, config);
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, "",
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length), layerDescriptors, null, Map.of());
        Canonical<ImageManifest> canonical = Canonical.of(manifest);
        store.putManifest(tag, canonical.toManifestData());
        return canonical.digest();
    }

    private static String uncompressedDigest(byte[] gzipLayer) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipLayer))) {
            return Digests.sha256(in.readAllBytes());
        }
    }
}
