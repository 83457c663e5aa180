package dev.sociindex.convert;

import dev.sociindex.cache.StoreOpener;
import dev.sociindex.store.ImageStore;
import java.io.IOException;

/**
 * Converts the image a reference names in {@code source} into a SOCI v2 image index written to {@code target}
 * (which may be the same store). Idempotent: when the output tag already holds an index built from the same
 * source digest the result is {@link ConversionResult.Status#ALREADY_CONVERTED} and nothing is uploaded.
 */
public interface Converter {
    ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options) throws IOException;

    /**
     * As above, with the stores that zTOC cache entries name opened by {@code recordedStores} instead of the
     * converter's own opener: the caller's credentials and scheme, as it opened {@code source} and {@code target}.
     * A converter without a zTOC cache opens no recorded store.
     */
    default ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options,
                                     StoreOpener recordedStores) throws IOException {
        return convert(source, reference, target, options);
    }
}
