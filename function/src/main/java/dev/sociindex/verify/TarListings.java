package dev.sociindex.verify;

import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.TarReader;
import dev.sociindex.tar.UnsupportedTarException;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.TocEntries;
import dev.sociindex.ztoc.TocListing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The listing of a layer read whole (one without a zTOC): its tar entries as TOC entries, in one streaming pass. */
public final class TarListings {
    private TarListings() {
    }

    /** Empty when the tar holds entries a TOC cannot describe (they never reach a zTOC either). */
    public static Optional<TocListing> list(InputStream blob, boolean gzip) throws IOException {
        try (InputStream tar = uncompressed(blob, gzip)) {
            TarReader reader = new TarReader(tar);
            List<FileMetadata> files = new ArrayList<>();
            for (TarEntry entry; (entry = reader.next()) != null; ) {
                files.add(TocEntries.fromTarEntry(entry));
            }
            return Optional.of(new TocListing(files));
        } catch (UnsupportedTarException e) {
            return Optional.empty();
        }
    }

    /** The tar stream of a layer blob. */
    static InputStream uncompressed(InputStream blob, boolean gzip) throws IOException {
        InputStream buffered = new BufferedInputStream(blob, 1 << 16);
        return gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }
}
