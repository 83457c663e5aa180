package dev.sociindex.convert;

import dev.sociindex.store.ImageStore;
import java.io.IOException;

/**
 * Converts the image a reference names in {@code source} into a SOCI v2 image index written to {@code target}
 * (which may be the same store). Idempotent: when the output tag already holds an index built from the same
 * source digest the result is {@link ConversionResult.Status#ALREADY_CONVERTED} and nothing is uploaded.
 */
public interface Converter {
    ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options) throws IOException;
}
