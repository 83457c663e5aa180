package dev.sociindex.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The processes part's JDK baseline as a whole process: drains one gzip file through {@link GZIPInputStream}
 * (native zlib, no checkpoints) and prints the uncompressed size.
 */
public final class GunzipProbe {
    private static final int BUFFER = 1 << 16;

    private GunzipProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0])), BUFFER)) {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                total += n;
            }
        }
        System.out.println(total);
    }
}
