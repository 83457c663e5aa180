package dev.sociindex.cache;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A cache for one process: the CLI's default (a backfill run shares base layers across its images) and tests. */
public final class InMemoryZtocCache implements ZtocCache {
    private final ConcurrentMap<String, CachedZtoc> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<CachedZtoc> find(ZtocKey key) {
        return Optional.ofNullable(entries.get(key.id()));
    }

    @Override
    public boolean record(ZtocKey key, CachedZtoc entry, Optional<CachedZtoc> replacing) {
        return replacing.isEmpty()
                ? entries.putIfAbsent(key.id(), entry) == null
                : entries.replace(key.id(), replacing.get(), entry);
    }
}
