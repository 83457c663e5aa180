package dev.sociindex.convert;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.LayerCompression;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import dev.sociindex.verify.TarListings;
import dev.sociindex.ztoc.TocListing;
import java.io.IOException;
import java.util.Optional;

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
        return TarListings.list(store.openBlob(layer.digest(), layer.size()), compression == LayerCompression.GZIP);
    }
}
