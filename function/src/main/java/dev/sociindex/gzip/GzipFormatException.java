package dev.sociindex.gzip;

import java.io.IOException;

/** The compressed stream is not valid gzip/deflate; the message names what was wrong and the compressed offset. */
public class GzipFormatException extends IOException {
    private final long compressedOffset;

    public GzipFormatException(String problem, long compressedOffset) {
        super(problem + " at compressed offset " + compressedOffset);
        this.compressedOffset = compressedOffset;
    }

    public long compressedOffset() {
        return compressedOffset;
    }
}
