package dev.sociindex.cli;

import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.OciImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The image the convert and verify tests use: umoci-built, one layer above and one below {@link #MIN_LAYER_SIZE}. */
final class CliImages {
    /** Passed as {@code --min-layer-size}: the big layer qualifies, the small one is skipped. */
    static final String MIN_LAYER_SIZE = "100000";
    /** Passed as {@code --span-size}, so the big layer has several spans. */
    static final String SPAN_SIZE = "262144";

    private CliImages() {
    }

    /** Writes image {@code v1} (linux/amd64) into a new OCI layout at {@code layout}. */
    static Path create(Path layout) throws IOException {
        OciImages.create(layout, "v1", "amd64", List.of(
                Map.of("opt/app/data.bin", Encoders.mixedData(21, 1_500_000)),
                Map.of("etc/app.conf", "mode = lazy\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        return layout;
    }
}
