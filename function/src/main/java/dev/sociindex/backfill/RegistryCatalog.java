package dev.sociindex.backfill;

import java.io.IOException;
import java.util.List;

/**
 * A registry reached through the distribution API: tags come from each repository's tag list. The API has no
 * dependable way to list repositories ({@code _catalog} is optional and ECR does not serve it), so they are named.
 */
public final class RegistryCatalog implements ImageCatalog {
    private final List<String> repositories;
    private final RepositoryOpener stores;

    public RegistryCatalog(List<String> repositories, RepositoryOpener stores) {
        this.repositories = List.copyOf(repositories);
        this.stores = stores;
    }

    @Override
    public List<String> repositories() {
        return repositories;
    }

    @Override
    public List<String> tags(String repository) throws IOException {
        try (var store = stores.open(repository)) {
            return store.listTags();
        }
    }
}
