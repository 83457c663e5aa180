package dev.sociindex.layer;

import java.io.IOException;

/** A layer has more tar entries than the TOC bound allows; {@link LayerIndexer} turns it into a skip. */
public class TooManyEntriesException extends IOException {
    public TooManyEntriesException(String message) {
        super(message);
    }
}
