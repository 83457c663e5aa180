package dev.sociindex.store;

import dev.sociindex.oci.BlobNotFoundException;

import dev.sociindex.files.FileTrees;
import dev.sociindex.files.NamedOutputStream;
import dev.sociindex.files.TemporaryFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * An OCI image layout inside a tar file ({@code docker buildx --output type=oci,dest=image.tar}, or {@code tar -cf}
 * of a layout). Opening extracts the archive into a temporary folder and serves it as an {@link OciLayoutStore}.
 * <b>Writes reach the archive only on {@link #close()}</b>: if anything was written, the archive is rewritten as a
 * whole (to a temporary file next to it, then renamed over it); if nothing was, it is left untouched. The temporary
 * folder is deleted on close either way.
 */
public final class OciArchiveStore extends ForwardingImageStore {
    private final Path archive;
    private final Path extracted;
    private final OciLayoutStore layout;

    private OciArchiveStore(Path archive, Path extracted, OciLayoutStore layout) {
        super(layout);
        this.archive = archive;
        this.extracted = extracted;
        this.layout = layout;
    }

    /** An existing archive. */
    public static OciArchiveStore open(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("OCI archive " + archive + " does not exist");
        }
        Path extracted = TemporaryFiles.register(Files.createTempDirectory("oci-archive"));
        try {
            extract(archive, extracted);
            if (!Files.isRegularFile(extracted.resolve("oci-layout"))) {
                throw new IOException("OCI archive " + archive + " holds no OCI image layout (no oci-layout file at"
                        + " its top level)");
            }
            return new OciArchiveStore(archive, extracted, OciLayoutStore.open(extracted));
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteTree(extracted);
            TemporaryFiles.release(extracted);
            throw e;
        }
    }

    /** An existing archive, or a new empty layout that becomes {@code archive} when something is written to it. */
    public static OciArchiveStore openOrCreate(Path archive) throws IOException {
        if (Files.exists(archive)) {
            return open(archive);
        }
        Path extracted = TemporaryFiles.register(Files.createTempDirectory("oci-archive"));
        try {
            return new OciArchiveStore(archive, extracted, OciLayoutStore.openOrCreate(extracted));
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteTree(extracted);
            TemporaryFiles.release(extracted);
            throw e;
        }
    }

    @Override
    public String description() {
        return "oci-archive:" + archive;
    }


    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        try {
            return layout.openBlob(digest, expectedSize);
        } catch (BlobNotFoundException e) {
            throw new BlobNotFoundException(description(), digest);
        }
    }






    /** Writes the archive back if anything changed, then deletes the extracted copy. */
    @Override
    public void close() throws IOException {
        try {
            if (layout.modified()) {
                writeArchive(extracted, archive);
            }
        } finally {
            FileTrees.deleteTree(extracted);
            TemporaryFiles.release(extracted);
        }
    }

    private static void extract(Path archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(
                Files.newInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(archive, tar)) != null) {
                String name = entry.getName();
                Path path = safePath(archive, target, name, tar.getBytesRead());
                if (path.equals(target)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    throw new IOException("OCI archive " + archive + ": entry '" + name + "' (before byte "
                            + tar.getBytesRead() + ") is a link or special file; OCI layouts hold only files and"
                            + " folders");
                }
            }
        }
    }

    /** The next entry; commons-compress's own errors ("Corrupted TAR archive.") named by archive and offset. */
    private static TarArchiveEntry nextEntry(Path archive, TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\.$", "");
            throw new IOException("OCI archive " + archive + " is not a valid tar file (at byte " + tar.getBytesRead()
                    + ": " + why + ")", e);
        }
    }

    /** Resolves an entry name inside {@code target}; rejects absolute names and names that climb out with "..". */
    private static Path safePath(Path archive, Path target, String name, long offset) throws IOException {
        Path relative = Path.of(name).normalize();
        Path path = target.resolve(relative).normalize();
        if (relative.isAbsolute() || !path.startsWith(target)) {
            throw new IOException("OCI archive " + archive + ": entry '" + name + "' (before byte " + offset
                    + ") points outside the archive");
        }
        return path;
    }

    private static void writeArchive(Path layoutRoot, Path archive) throws IOException {
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = TemporaryFiles.register(Files.createTempFile(parent, ".tmp-", ".tar"));
        try {
            List<Path> paths = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(layoutRoot)) {
                walk.filter(p -> !p.equals(layoutRoot) && !p.getFileName().toString().equals(OciLayoutStore.LOCK_FILE)).sorted(Comparator.comparing(p -> layoutRoot.relativize(p)
                        .toString())).forEach(paths::add);
            }
            try (OutputStream file = new BufferedOutputStream(new NamedOutputStream(temporary, Files.newOutputStream(temporary)));
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path path : paths) {
                    boolean directory = Files.isDirectory(path);
                    String name = layoutRoot.relativize(path).toString().replace('\\', '/') + (directory ? "/" : "");
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    // fixed metadata: the same layout always archives to the same bytes
                    entry.setModTime(0L);
                    entry.setMode(directory ? 040755 : 0100644);
                    if (!directory) {
                        entry.setSize(Files.size(path));
                    }
                    tar.putArchiveEntry(entry);
                    if (!directory) {
                        Files.copy(path, tar);
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            // the rewritten archive keeps the mode of the one it replaces (a temporary file is owner-only)
            Set<PosixFilePermission> mode = Files.exists(archive) ? Files.getPosixFilePermissions(archive)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(temporary, mode);
            try {
                Files.move(temporary, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, archive, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
            TemporaryFiles.release(temporary);
        }
    }

}
