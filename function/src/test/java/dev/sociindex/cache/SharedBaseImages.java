package dev.sociindex.cache;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.testing.OciImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An OCI layout with two images built by umoci: {@code base} (base layers) and {@code app} ({@code base} plus one
 * layer of its own), so that both share the base layers byte for byte, as images built FROM one base do.
 */
final class SharedBaseImages {
    private SharedBaseImages() {
    }

    /**
     * @param baseLayerBytes size of the random (incompressible) file in each base layer; text files are added too
     */
    static Path create(Path layout, int baseLayers, int baseLayerBytes, long seed) throws IOException {
        Random random = new Random(seed);
        List<Map<String, byte[]>> layers = new java.util.ArrayList<>();
        for (int i = 0; i < baseLayers; i++) {
            layers.add(Map.of("usr/lib/base" + i + ".bin", bytes(random, baseLayerBytes),
                    "etc/base" + i + ".conf", ("setting" + i + "=on\n").repeat(20_000).getBytes()));
        }
        OciImages.create(layout, "base", "amd64", layers);
        ExternalTool.run(List.of("umoci", "tag", "--image", layout + ":base", "app"));
        OciImages.addLayer(layout + ":app", Map.of("app/server.bin", bytes(random, 300_000),
                "app/README", "the app layer\n".repeat(10_000).getBytes(StandardCharsets.UTF_8)));
        return layout;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
