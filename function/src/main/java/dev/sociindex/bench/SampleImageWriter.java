package dev.sociindex.bench;

import dev.sociindex.store.ImageStore;
import java.io.IOException;

/** Writes a small sample image under a tag (the CLI passes the demo's image); returns its manifest digest. */
@FunctionalInterface
public interface SampleImageWriter {
    String write(ImageStore store, String tag) throws IOException;
}
