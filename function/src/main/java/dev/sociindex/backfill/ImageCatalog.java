package dev.sociindex.backfill;

import java.io.IOException;
import java.util.List;

/** What a backfill walks: the repositories of a registry and the tags of each. */
public interface ImageCatalog {
    List<String> repositories() throws IOException;

    List<String> tags(String repository) throws IOException;
}
