package dev.sociindex.layer;

import java.io.IOException;

/** A layer blob is corrupt (bad gzip or tar); the message names the layer and where the problem is. */
public class LayerFormatException extends IOException {
    public LayerFormatException(LayerDescriptor layer, IOException cause) {
        super(layer + ": " + cause.getMessage(), cause);
    }
}
