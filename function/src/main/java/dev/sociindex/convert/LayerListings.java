package dev.sociindex.convert;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.LayerCompression;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
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

/** The tar listing of a layer that has no zTOC, read by streaming the layer once (gzip or plain tar only). */
final class LayerListings {
    private LayerListings() {
    }

    /** Empty when the layer's compression cannot be read here (zstd) or its tar holds entries a TOC cannot describe. */
    static Optional<TocListing> list(ImageStore store, Descriptor layer) throws IOException {
        if (!MediaTypes.isLayer(layer.mediaType())) {
            return Optional.empty();
        }
        LayerCompression compression = MediaTypes.layerCompression(layer.mediaType());
        if (compression != LayerCompression.GZIP && compression != LayerCompression.UNCOMPRESSED) {
            return Optional.empty();
        }
        boolean gzip = compression == LayerCompression.GZIP;
        try (InputStream blob = new BufferedInputStream(store.openBlob(layer.digest(), layer.size()), 1 << 16);
             InputStream tar = gzip ? new GZIPInputStream(blob, 1 << 16) : blob) {
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
}
