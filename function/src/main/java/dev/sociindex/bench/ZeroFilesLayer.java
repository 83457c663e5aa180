package dev.sociindex.bench;

import dev.sociindex.oci.Digests;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A gzip tar layer of {@code files} files of {@code fileBytes} zeros, written by streaming: a 4 GiB layer is a file
 * of a few MB, while its zTOC still carries a span every deflate block (zlib ends one every 16 Ki symbols, here
 * about 8 MB of output), so its checkpoint windows are as large as a real layer's of that size would have at a
 * 8 MiB span.
 */
final class ZeroFilesLayer {
    private ZeroFilesLayer() {
    }

    /** The tar's size, about: headers and data, and the two zero records at the end. */
    static long uncompressedBytes(int files, int fileBytes) {
        return (long) files * (fileBytes + 512) + 1024;
    }

    /** Writes the layer to {@code file}; returns the digest of its tar (the config's diff id). */
    static String write(Path file, int files, int fileBytes) throws IOException {
        byte[] zeros = new byte[fileBytes];
        MessageDigest tarDigest = Digests.newSha256();
        try (OutputStream disk = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             GZIPOutputStream gzip = new GZIPOutputStream(disk, 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(gzip, tarDigest))) {
            for (int i = 0; i < files; i++) {
                TarArchiveEntry entry = new TarArchiveEntry(String.format("data/%03d/file-%05d.bin", i / 1000, i));
                entry.setSize(fileBytes);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(zeros);
                tar.closeArchiveEntry();
            }
        }
        return Digests.sha256(tarDigest);
    }
}
