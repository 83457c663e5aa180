package dev.sociindex.testing;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds real OCI image layouts with umoci (its layers are Go-gzip tars, like most pushed images), and archives
 * them with GNU tar the way {@code docker buildx --output type=oci} delivers them.
 */
public final class OciImages {

    private OciImages() {
    }

    /**
     * Adds image {@code tag} to the layout at {@code layout} (created when missing): one layer per map of files
     * (path inside the image to content), then the given architecture and working directory in its config.
     */
    public static void create(Path layout, String tag, String architecture, List<Map<String, byte[]>> layers)
            throws IOException {
        if (!Files.exists(layout.resolve("oci-layout"))) {
            ExternalTool.run(List.of("umoci", "init", "--layout", layout.toString()));
        }
        String image = layout + ":" + tag;
        ExternalTool.run(List.of("umoci", "new", "--image", image));
        for (Map<String, byte[]> files : layers) {
            addLayer(image, files);
        }
        ExternalTool.run(List.of("umoci", "config", "--image", image, "--architecture", architecture,
                "--config.workingdir", "/"));
    }

    /** Adds one layer holding {@code files} (path in the rootfs → content) to {@code layout:tag} with umoci. */
    public static void addLayer(String image, Map<String, byte[]> files) throws IOException {
        Path bundle = Files.createTempDirectory("umoci-bundle").resolve("bundle");
        try {
            ExternalTool.run(List.of("umoci", "unpack", "--rootless", "--image", image, bundle.toString()));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = bundle.resolve("rootfs").resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            ExternalTool.run(List.of("umoci", "repack", "--image", image, bundle.toString()));
        } finally {
            FileTrees.deleteTree(bundle.getParent());
        }
    }

    /** {@code tar -cf archive -C layout .}: an OCI archive as buildx writes it. */
    public static void archive(Path layout, Path archive) throws IOException {
        ExternalTool.run(List.of("tar", "-cf", archive.toString(), "-C", layout.toString(), "."));
    }

}
