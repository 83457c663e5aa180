package dev.sociindex.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Real file content for layers: the regular files under {@code /usr/lib}, {@code /usr/share} and {@code /usr/bin},
 * in sorted path order, written as tar archives. The same machine gives the same archive bytes (fixed mtime, owner
 * and modes), so archives are built once and cached in the work folder.
 */
final class Corpus {
    static final List<Path> ROOTS = List.of(Path.of("/usr/lib"), Path.of("/usr/share"), Path.of("/usr/bin"));
    /** A fixed modification time (2024-01-01) so that the archive does not depend on when packages were installed. */
    private static final long MTIME_SECONDS = 1_704_067_200L;

    record SourceFile(Path path, long size) {
    }

    private final List<SourceFile> files;

    Corpus(List<SourceFile> files) {
        this.files = files;
    }

    /** Scans the roots; files that cannot be read are left out. */
    static Corpus scan() throws IOException {
        List<SourceFile> found = new ArrayList<>();
        for (Path root : ROOTS) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.forEach(path -> {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        if (attributes.isRegularFile() && Files.isReadable(path)) {
                            found.add(new SourceFile(path, attributes.size()));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        found.sort(Comparator.comparing(f -> f.path().toString()));
        return new Corpus(found);
    }

    /**
     * Consecutive groups of files, each group at least {@code bytesEach} bytes of content, in sorted order. Files
     * larger than a quarter of a group are left out, so that no group is one big file and sizes stay near the target.
     *
     * @throws IllegalStateException when the roots hold too little
     */
    List<List<SourceFile>> slices(int count, long bytesEach) {
        List<List<SourceFile>> slices = new ArrayList<>();
        List<SourceFile> current = new ArrayList<>();
        long size = 0;
        for (SourceFile file : files) {
            if (slices.size() == count) {
                break;
            }
            if (file.size() > bytesEach / 4) {
                continue;
            }
            current.add(file);
            size += file.size();
            if (size >= bytesEach) {
                slices.add(List.copyOf(current));
                current.clear();
                size = 0;
            }
        }
        if (slices.size() < count) {
            throw new IllegalStateException("the system folders " + ROOTS + " hold less than " + count + " x "
                    + bytesEach + " bytes of readable files");
        }
        return slices;
    }

    /**
     * Writes {@code files} as a tar to {@code target} unless it exists (a cache hit), through a temporary file so that
     * an interrupted run leaves no half archive behind.
     */
    static Path writeTar(List<SourceFile> files, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(out, 1 << 16))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (SourceFile file : files) {
                TarArchiveEntry entry = new TarArchiveEntry(file.path().toString().substring(1), true);
                entry.setSize(file.size());
                entry.setMode(Files.isExecutable(file.path()) ? 0100755 : 0100644);
                entry.setModTime(MTIME_SECONDS * 1000);
                tar.putArchiveEntry(entry);
                copyExactly(file, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Copies the size seen when scanning; a file that changed since is an error rather than a corrupt entry. */
    private static void copyExactly(SourceFile file, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(file.path())) {
            long copied = in.transferTo(out);
            if (copied != file.size()) {
                throw new IOException(file.path() + " changed while the corpus was written: " + copied
                        + " bytes read, " + file.size() + " expected");
            }
        }
    }
}
