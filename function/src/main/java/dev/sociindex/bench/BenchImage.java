package dev.sociindex.bench;

import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Digests;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A linux/amd64 image of gzip layer files, written into a store (a registry or an OCI layout) under a tag. */
final class BenchImage {
    private BenchImage() {
    }

    /** One gzip layer file: {@code digest} and {@code size} of the file, {@code diffId} of the tar inside. */
    record Layer(Path gz, String digest, long size, String diffId, long uncompressedSize) {
        static Layer of(Path gz, String diffId, long uncompressedSize) throws IOException {
            return new Layer(gz, Digests.sha256(gz), Files.size(gz), diffId, uncompressedSize);
        }
    }

    static void put(ImageStore store, String tag, List<Layer> layers) throws IOException {
        List<Descriptor> descriptors = new ArrayList<>();
        for (Layer layer : layers) {
            store.putBlob(layer.digest(), Files.readAllBytes(layer.gz()));
            descriptors.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, layer.digest(), layer.size()));
        }
        String diffIds = String.join("\",\"", layers.stream().map(Layer::diffId).toList());
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffIds + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = Digests.sha256(config);
        store.putBlob(configDigest, config);
        Canonical<ImageManifest> manifest = Canonical.of(new ImageManifest(2, MediaTypes.OCI_MANIFEST, "",
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length), descriptors, null, Map.of()));
        store.putManifest(tag, manifest.toManifestData());
    }
}
