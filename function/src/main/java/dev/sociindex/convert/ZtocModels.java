package dev.sociindex.convert;

import dev.sociindex.cache.CachedZtoc;
import dev.sociindex.oci.Digests;
import dev.sociindex.store.ImageStore;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocFormatException;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The parsed zTOC of every indexed layer, for the decisions that read the TOC (disable-xattrs, prefetch spans), read
 * back from the target: a zTOC built now was pushed there as soon as its layer was done, one taken from the cache was
 * put there by reuse. Both give the same model, so output with and without the cache is byte-identical.
 */
final class ZtocModels {
    /** A zTOC is a few MB at most; anything larger read back from a store is not one of ours. */
    private static final int MAX_ZTOC_BYTES = 256 << 20;

    private final Map<String, Ztoc> byLayer;

    private ZtocModels(Map<String, Ztoc> byLayer) {
        this.byLayer = byLayer;
    }

    static ZtocModels load(Map<String, CachedZtoc> ztocs, ImageStore target) throws IOException {
        Map<String, Ztoc> models = new HashMap<>();
        for (Map.Entry<String, CachedZtoc> entry : ztocs.entrySet()) {
            String layer = entry.getKey();
            byte[] bytes = readBack(target, entry.getValue());
            try {
                models.put(layer, ZtocReader.read(bytes));
            } catch (ZtocFormatException e) {
                throw new ZtocFormatException("zTOC " + entry.getValue().ztocDigest() + " of layer " + layer + " in "
                        + target.description() + " does not parse: " + e.getMessage());
            }
        }
        return new ZtocModels(models);
    }

    Ztoc of(String layerDigest) {
        Ztoc ztoc = byLayer.get(layerDigest);
        if (ztoc == null) {
            throw new IllegalStateException("no zTOC model for layer " + layerDigest);
        }
        return ztoc;
    }

    private static byte[] readBack(ImageStore target, CachedZtoc cached) throws IOException {
        if (cached.ztocSize() > MAX_ZTOC_BYTES) {
            throw new IOException("cached zTOC " + cached.ztocDigest() + " claims " + cached.ztocSize() + " bytes, more than " + MAX_ZTOC_BYTES);
        }
        byte[] bytes;
        try (InputStream in = target.openBlob(cached.ztocDigest(), cached.ztocSize())) {
            bytes = in.readNBytes((int) cached.ztocSize() + 1);
        }
        String digest = Digests.sha256(bytes);
        if (bytes.length != cached.ztocSize() || !digest.equals(cached.ztocDigest())) {
            throw new IOException("cached zTOC " + cached.ztocDigest() + " read back from " + target.description() + " as "
                    + bytes.length + " bytes with digest " + digest);
        }
        return bytes;
    }
}
