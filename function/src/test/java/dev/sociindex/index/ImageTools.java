package dev.sociindex.index;

import dev.sociindex.bench.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the real image tools (umoci, skopeo) through bash; a missing tool fails the test (exit 127), never skips it. */
final class ImageTools {
    private ImageTools() {
    }

    /**
     * Runs an ASCII bash script in {@code dir}. Scripts use {@code $'\xNN'} quoting for non-ASCII bytes, so
     * that no platform charset stands between the test and the exact bytes the tools receive.
     */
    static void bash(Path dir, String script) throws IOException {
        Path file = dir.resolve("script-" + System.nanoTime() + ".sh");
        Files.writeString(file, "set -euo pipefail\n" + script, StandardCharsets.US_ASCII);
        ExternalTool.run(dir, "bash", file.toString());
    }

    /** A blob of an OCI layout or of a skopeo {@code dir:} copy, by digest. */
    static byte[] blob(Path layout, String digest) throws IOException {
        String hex = digest.substring("sha256:".length());
        Path oci = layout.resolve("blobs/sha256/" + hex);
        return Files.readAllBytes(Files.exists(oci) ? oci : layout.resolve(hex));
    }
}
