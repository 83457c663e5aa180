package dev.sociindex.index;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the real image tools (umoci, skopeo) through bash; a missing tool fails the test, it never skips it. */
final class ImageTools {
    private ImageTools() {
    }

    /**
     * Runs an ASCII bash script in {@code dir}. Scripts use {@code $'\xNN'} quoting for non-ASCII bytes, so
     * that no platform charset stands between the test and the exact bytes the tools receive.
     */
    static void bash(Path dir, String script) throws IOException, InterruptedException {
        for (String tool : new String[] {"umoci", "skopeo"}) {
            if (script.contains(tool + " ")) {
                requireTool(tool);
            }
        }
        Path file = dir.resolve("script-" + System.nanoTime() + ".sh");
        Files.writeString(file, "set -euo pipefail\n" + script, StandardCharsets.US_ASCII);
        Process process = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("script failed:\n" + script + "\noutput:\n" + output);
        }
    }

    private static void requireTool(String tool) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("bash", "-c", "command -v " + tool).start();
        if (which.waitFor() != 0) {
            fail(tool + " is not installed (apt-get install -y " + tool + "); this test needs the real tool");
        }
    }

    /** A blob of an OCI layout or of a skopeo {@code dir:} copy, by digest. */
    static byte[] blob(Path layout, String digest) throws IOException {
        String hex = digest.substring("sha256:".length());
        Path oci = layout.resolve("blobs/sha256/" + hex);
        return Files.readAllBytes(Files.exists(oci) ? oci : layout.resolve(hex));
    }
}
