package dev.sociindex.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Deterministic sample layers for the demo: a small "base" layer (below SOCI's minimum layer size, so it is
 * skipped and shows a reason), a "runtime" layer of incompressible libraries and an "app" layer of many small text
 * files plus links. The same seed always gives the same bytes, so the demo's digests are stable.
 */
final class SampleLayers {
    /** Fixed modification time (2024-01-01T00:00:00Z): no wall-clock time in any artifact. */
    private static final long MTIME_MILLIS = 1_704_067_200_000L;

    private SampleLayers() {
    }

    /** A few config files: compresses far below the 10 MiB minimum. */
    static byte[] baseLayer() {
        return tarGzip(tar -> {
            dir(tar, "etc/");
            file(tar, "etc/os-release", "NAME=\"soci-demo\"\nVERSION_ID=1\n".getBytes(StandardCharsets.US_ASCII), 0644);
            file(tar, "etc/hostname", "demo\n".getBytes(StandardCharsets.US_ASCII), 0644);
            dir(tar, "usr/");
            dir(tar, "usr/bin/");
            file(tar, "usr/bin/sh", bytes(new Random(1), 64 * 1024, false), 0755);
        });
    }

    /** About 24 MiB of incompressible "shared libraries": one zTOC with several spans. */
    static byte[] runtimeLayer() {
        Random random = new Random(2);
        return tarGzip(tar -> {
            dir(tar, "usr/lib/");
            for (int i = 0; i < 6; i++) {
                file(tar, "usr/lib/libdemo" + i + ".so", bytes(random, 4 * 1024 * 1024, false), 0755);
            }
        });
    }

    /** Many small text files, a long path, a symlink and a hard link; about 30 MiB before compression. */
    static byte[] appLayer() {
        Random random = new Random(3);
        return tarGzip(tar -> {
            dir(tar, "app/");
            for (int d = 0; d < 20; d++) {
                String dir = "app/module-" + d + "/";
                dir(tar, dir);
                for (int f = 0; f < 50; f++) {
                    file(tar, dir + "part-" + f + ".txt", bytes(random, 8 * 1024 + random.nextInt(16 * 1024), true), 0644);
                }
            }
            file(tar, "app/data.bin", bytes(random, 12 * 1024 * 1024, false), 0644);
            file(tar, "app/" + "deeply/nested/".repeat(12) + "config.json", "{\"demo\":true}\n".getBytes(StandardCharsets.US_ASCII), 0644);
            link(tar, "app/current", "module-0", TarArchiveEntry.LF_SYMLINK);
            link(tar, "app/data-link.bin", "app/data.bin", TarArchiveEntry.LF_LINK);
        });
    }

    private interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tarGzip(TarWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 65536);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writer.write(tar);
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setModTime(MTIME_MILLIS);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        return entry;
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_DIR);
        entry.setMode(040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int permissions) throws IOException {
        TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_NORMAL);
        entry.setMode(0100000 | permissions);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = entry(name, type);
        entry.setLinkName(target);
        entry.setMode(type == TarArchiveEntry.LF_SYMLINK ? 0120777 : 0100644);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** Text-like (compressible) or random (incompressible) content. */
    private static byte[] bytes(Random random, int length, boolean text) {
        byte[] data = new byte[length];
        if (!text) {
            random.nextBytes(data);
            return data;
        }
        String[] words = {"seekable", "index", "layer", "span", "checkpoint", "fargate", "lazy", "pull", "zTOC", "image"};
        int i = 0;
        while (i < length) {
            byte[] word = words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < word.length && i < length; k++) {
                data[i++] = word[k];
            }
            if (i < length) {
                data[i++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
            }
        }
        return data;
    }
}
