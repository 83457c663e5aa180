package dev.sociindex.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The regular files of an OCI archive by name, with where each one's data starts in the tar and how long it is,
 * from the headers alone (commons-compress {@link TarFile} seeks from header to header). Names are relative
 * ({@code ./} dropped); an entry that climbs out of the archive or is a link or special file is an error.
 */
final class TarEntries {
    static final TarEntries NONE = new TarEntries(Map.of());

    /** One file: its data's offset in the archive and its size. */
    record Entry(long offset, long size) {
    }

    private final Map<String, Entry> files;

    private TarEntries(Map<String, Entry> files) {
        this.files = files;
    }

    static TarEntries read(Path archive) throws IOException {
        Map<String, Entry> files = new LinkedHashMap<>();
        try (TarFile tar = new TarFile(archive)) {
            for (TarArchiveEntry entry : tar.getEntries()) {
                String name = normalize(archive, entry.getName());
                if (name.isEmpty() || entry.isDirectory()) {
                    continue;
                }
                if (!entry.isFile() || entry.isSparse()) {
                    throw new IOException("OCI archive " + archive + ": entry '" + entry.getName() + "' (at byte "
                            + entry.getDataOffset() + ") is a link or special file; OCI layouts hold only files and"
                            + " folders");
                }
                files.put(name, new Entry(entry.getDataOffset(), entry.getSize()));
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("OCI archive ")) {
                throw e;
            }
            // commons-compress says "Corrupted TAR archive." and the like; name the file
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\.$", "");
            throw new IOException("OCI archive " + archive + " is not a valid tar file (" + why + ")", e);
        }
        return new TarEntries(files);
    }

    /** A relative name without {@code ./}; one that is absolute or leaves the archive with ".." is refused. */
    private static String normalize(Path archive, String name) throws IOException {
        Path relative = Path.of(name).normalize();
        if (relative.isAbsolute() || relative.startsWith("..")) {
            throw new IOException("OCI archive " + archive + ": entry '" + name + "' points outside the archive");
        }
        return relative.toString().replace('\\', '/');
    }

    Entry entry(String name) {
        return files.get(name);
    }

    Entry blob(String digest) {
        int colon = digest.indexOf(':');
        return colon < 0 ? null : files.get("blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1));
    }

    Set<String> names() {
        return files.keySet();
    }

    /** The entry's bytes, read from the archive at their offset. */
    InputStream open(FileChannel channel, Entry entry) {
        return OciArchiveStore.range(channel, entry.offset(), entry.size());
    }
}
