package dev.sociindex.layer;

import java.io.IOException;

/** The blob's bytes do not hash to (or are not as long as) its descriptor says; nothing built from it is published. */
public class LayerDigestMismatchException extends IOException {
    public LayerDigestMismatchException(String message) {
        super(message);
    }
}
