package dev.sociindex.store;

import dev.sociindex.files.FileTrees;
import dev.sociindex.files.NamedOutputStream;
import dev.sociindex.files.TemporaryFiles;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.oci.ManifestData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An OCI image layout inside a tar file ({@code docker buildx --output type=oci,dest=image.tar}, or {@code tar -cf}
 * of a layout), <b>read in place</b>: opening reads the tar's headers only ({@link TarEntries}), and a blob is read
 * from its offset in the archive. Changes go to a small staging layout in a temporary folder next to the archive
 * (its {@code oci-layout} and {@code index.json}, and the blobs written), and reach the archive on {@link #close()}:
 * when a tag was written, the archive is rewritten as a whole (to a temporary file next to it, then renamed over it,
 * keeping its mode); otherwise it is left untouched. Both temporaries go away on close, and on SIGINT/SIGTERM.
 */
public final class OciArchiveStore extends ForwardingImageStore {
    private final Path archive;
    private final Path staging;
    private final TarEntries entries;
    private final FileChannel channel;
    private volatile boolean tagged;

    private OciArchiveStore(Path archive, Path staging, OciLayoutStore layout, TarEntries entries, FileChannel channel) {
        super(layout);
        this.archive = archive;
        this.staging = staging;
        this.entries = entries;
        this.channel = channel;
    }

    /** An existing archive. */
    public static OciArchiveStore open(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("OCI archive " + archive + " does not exist");
        }
        TarEntries entries = TarEntries.read(archive);
        if (entries.entry("oci-layout") == null) {
            throw new IOException("OCI archive " + archive + " holds no OCI image layout (no oci-layout file at"
                    + " its top level)");
        }
        FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ);
        Path staging = null;
        try {
            staging = stagingFolder(archive);
            for (String name : new String[] {"oci-layout", "index.json"}) {
                TarEntries.Entry entry = entries.entry(name);
                if (entry != null) {
                    try (InputStream in = entries.open(channel, entry)) {
                        Files.copy(in, staging.resolve(name));
                    }
                }
            }
            OciLayoutStore layout = OciLayoutStore.withFallback(staging, new OciLayoutStore.BlobFallback() {
                @Override
                public long size(String digest) {
                    TarEntries.Entry entry = entries.blob(digest);
                    return entry == null ? -1 : entry.size();
                }

                @Override
                public InputStream open(String digest) throws IOException {
                    TarEntries.Entry entry = entries.blob(digest);
                    if (entry == null) {
                        throw new BlobNotFoundException("oci-archive:" + archive, digest);
                    }
                    return entries.open(channel, entry);
                }
            });
            return new OciArchiveStore(archive, staging, layout, entries, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (staging != null) {
                deleteStaging(staging);
            }
            throw e;
        }
    }

    /** An existing archive, or a new empty layout that becomes {@code archive} when something is tagged in it. */
    public static OciArchiveStore openOrCreate(Path archive) throws IOException {
        if (Files.exists(archive)) {
            return open(archive);
        }
        Path staging = stagingFolder(archive);
        try {
            return new OciArchiveStore(archive, staging, OciLayoutStore.openOrCreate(staging), TarEntries.NONE, null);
        } catch (IOException | RuntimeException e) {
            deleteStaging(staging);
            throw e;
        }
    }

    /** A hidden folder next to the archive (the same file system, so the work stays where the user put the image). */
    private static Path stagingFolder(Path archive) throws IOException {
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return TemporaryFiles.register(Files.createTempDirectory(parent, ".tmp-" + archive.getFileName() + "-"));
    }

    @Override
    public String description() {
        return "oci-archive:" + archive;
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        try {
            return delegate().openBlob(digest, expectedSize);
        } catch (BlobNotFoundException e) {
            throw new BlobNotFoundException(description(), digest);
        }
    }

    @Override
    public void putManifest(String reference, ManifestData manifest) throws IOException {
        super.putManifest(reference, manifest);
        if (!reference.startsWith("sha256:")) {
            tagged = true;
        }
    }

    /** Writes the archive back if a tag was written, then deletes the staging folder. */
    @Override
    public void close() throws IOException {
        try {
            if (tagged) {
                writeArchive();
            }
        } finally {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                deleteStaging(staging);
            }
        }
    }

    private static void deleteStaging(Path staging) throws IOException {
        FileTrees.deleteTree(staging);
        TemporaryFiles.release(staging);
    }

    /**
     * Every file of the old archive and of the staging folder (the staging copy wins), in name order, with fixed
     * metadata so that the same layout always archives to the same bytes.
     */
    private void writeArchive() throws IOException {
        Map<String, Path> staged = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(staging)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(OciLayoutStore.LOCK_FILE))
                    .forEach(p -> staged.put(staging.relativize(p).toString().replace('\\', '/'), p));
        }
        TreeMap<String, Boolean> names = new TreeMap<>();
        entries.names().forEach(name -> names.put(name, false));
        staged.keySet().forEach(name -> names.put(name, true));
        TreeMap<String, Boolean> all = new TreeMap<>(names);
        for (String name : names.keySet()) {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                all.putIfAbsent(name.substring(0, slash + 1), false);
            }
        }

        Path parent = archive.toAbsolutePath().getParent();
        Path temporary = TemporaryFiles.register(Files.createTempFile(parent, ".tmp-", ".tar"));
        try {
            try (OutputStream file = new BufferedOutputStream(new NamedOutputStream(temporary, TemporaryFiles.openForWriting(temporary)));
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (String name : all.keySet()) {
                    boolean directory = name.endsWith("/");
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    entry.setModTime(0L);
                    entry.setMode(directory ? 040755 : 0100644);
                    Path stagedFile = staged.get(name);
                    if (!directory) {
                        entry.setSize(stagedFile != null ? Files.size(stagedFile) : entries.entry(name).size());
                    }
                    tar.putArchiveEntry(entry);
                    if (stagedFile != null) {
                        Files.copy(stagedFile, tar);
                    } else if (!directory) {
                        try (InputStream in = entries.open(channel, entries.entry(name))) {
                            in.transferTo(tar);
                        }
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

    /** For {@link TarEntries#open}: a stream over a byte range of the archive, by positional reads. */
    static InputStream range(FileChannel channel, long offset, long size) {
        return new InputStream() {
            private long position = offset;
            private final long end = offset + size;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int n = channel.read(java.nio.ByteBuffer.wrap(buffer, off, (int) Math.min(len, end - position)), position);
                if (n < 0) {
                    throw new IOException("an OCI archive ended inside an entry, at byte " + position);
                }
                position += n;
                return n;
            }
        };
    }
}
