package dev.sociindex.ztoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.gzip.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Small, valid zTOC models for tests of this package. */
final class ZtocFixtures {
    private ZtocFixtures() {
    }

    static RawBytes raw(String text) {
        return RawBytes.utf8(text);
    }

    static RawBytes raw(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return RawBytes.copyOf(out);
    }

    static FileMetadata regularFile(String name, long dataOffset, long size) {
        return new FileMetadata(raw(name), "reg", dataOffset, size, RawBytes.EMPTY, 0100644, 1000, 1000,
                raw("user"), raw("group"), "2024-01-02T03:04:05.5Z", 0, 0, List.of());
    }

    static FileMetadata withXattrs(FileMetadata f, List<Xattr> xattrs) {
        return new FileMetadata(f.name(), f.type(), f.uncompressedOffset(), f.uncompressedSize(), f.linkName(),
                f.mode(), f.uid(), f.gid(), f.userName(), f.groupName(), f.modTime(), f.devMajor(), f.devMinor(),
                xattrs);
    }

    /** An entry where every string is empty and every scalar is zero. */
    static FileMetadata allEmpty() {
        return new FileMetadata(RawBytes.EMPTY, "", 0, 0, RawBytes.EMPTY, 0, 0, 0, RawBytes.EMPTY, RawBytes.EMPTY,
                "", 0, 0, List.of());
    }

    static String sha256Digest(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] window(int seed) {
        byte[] window = new byte[Checkpoint.WINDOW_SIZE];
        for (int i = 0; i < window.length; i++) {
            window[i] = (byte) (i * 31 + seed);
        }
        return window;
    }

    /** Three entries (file, dir, file) laid out as a real tar would place them, and two gzip spans. */
    static Ztoc validGzipZtoc() {
        List<FileMetadata> files = List.of(
                regularFile("a.txt", 512, 700),
                new FileMetadata(raw("dir/"), "dir", 2048, 0, RawBytes.EMPTY, 040755, 0, 0, raw("root"),
                        raw("root"), "2024-01-02T03:04:05Z", 0, 0, List.of()),
                regularFile("dir/b.bin", 2560, 100_000));
        List<Checkpoint> checkpoints = List.of(
                new Checkpoint(10, 0, 0, new byte[Checkpoint.WINDOW_SIZE]),
                new Checkpoint(40_000, 70_000, 3, window(1)));
        byte[] blob = new GzipCheckpointsBlob(65_536, checkpoints).encode();
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.GZIP, 1,
                List.of(sha256Digest("span0"), sha256Digest("span1")), blob);
        return new Ztoc(Ztoc.VERSION, "test builder", 60_000, 103_936, files, info);
    }

    static Ztoc withCompressionInfo(Ztoc z, CompressionInfo info) {
        return new Ztoc(z.version(), z.buildToolIdentifier(), z.compressedArchiveSize(), z.uncompressedArchiveSize(),
                z.files(), info);
    }

    static Ztoc withFiles(Ztoc z, List<FileMetadata> files) {
        return new Ztoc(z.version(), z.buildToolIdentifier(), z.compressedArchiveSize(), z.uncompressedArchiveSize(),
                files, z.compressionInfo());
    }

    static List<FileMetadata> manyFiles(int count) {
        List<FileMetadata> files = new ArrayList<>(count);
        long offset = 512;
        for (int i = 0; i < count; i++) {
            files.add(regularFile("file-" + i, offset, i));
            offset += 512 + (i + 511) / 512 * 512;
        }
        return files;
    }

    /** Record equality compares the checkpoints array by identity, so compare CompressionInfo field by field. */
    static void assertSameZtoc(Ztoc expected, Ztoc actual) {
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.buildToolIdentifier(), actual.buildToolIdentifier());
        assertEquals(expected.compressedArchiveSize(), actual.compressedArchiveSize());
        assertEquals(expected.uncompressedArchiveSize(), actual.uncompressedArchiveSize());
        assertEquals(expected.files(), actual.files());
        CompressionInfo e = expected.compressionInfo();
        CompressionInfo a = actual.compressionInfo();
        assertEquals(e.algorithm(), a.algorithm());
        assertEquals(e.maxSpanId(), a.maxSpanId());
        assertEquals(e.spanDigests(), a.spanDigests());
        assertArrayEquals(e.checkpoints(), a.checkpoints());
    }
}
