package dev.sociindex.backfill;

import dev.sociindex.store.ImageStore;
import java.io.IOException;

/** Opens one repository of the registry being backfilled. */
@FunctionalInterface
public interface RepositoryOpener {
    ImageStore open(String repository) throws IOException;
}
