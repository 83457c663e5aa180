package dev.sociindex.tar;

import java.io.IOException;

/**
 * The tar stream is well formed but contains something SOCI cannot index (a PAX global header, a sparse file,
 * an unknown type flag, a header-only entry with a non-zero size). The layer is skipped with this reason;
 * the image still converts.
 */
public class UnsupportedTarException extends IOException {
    public UnsupportedTarException(String reason) {
        super(reason);
    }
}
