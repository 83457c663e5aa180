package dev.sociindex.tar;

import java.io.IOException;

/** The tar stream is malformed; the message names what was wrong and the uncompressed offset of the header. */
public class TarFormatException extends IOException {
    public TarFormatException(String problem, long offset) {
        super(problem + " at uncompressed offset " + offset);
    }
}
