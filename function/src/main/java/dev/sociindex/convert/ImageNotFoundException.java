package dev.sociindex.convert;

import java.io.IOException;

/** The reference names no manifest in the source. Permanent: the image was deleted or never existed. */
public class ImageNotFoundException extends IOException {
    public ImageNotFoundException(String message) {
        super(message);
    }
}
