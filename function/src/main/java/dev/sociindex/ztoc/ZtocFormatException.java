package dev.sociindex.ztoc;

import java.io.IOException;

/**
 * A zTOC (or one of its embedded encodings: the gzip checkpoints blob, the TarZinfo flatbuffer) cannot be parsed.
 * The message names the field and the byte offset that was wrong.
 */
public class ZtocFormatException extends IOException {
    public ZtocFormatException(String message) {
        super(message);
    }
}
