package dev.sociindex.lambda;

import dev.sociindex.cache.StoreOpener;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.store.ImageStore;
import java.io.IOException;

/**
 * Opens the registry repository a zTOC cache entry names ({@code host[:port]/repository}, as the store that pushed
 * the zTOC described itself) the way the conversion opened its own: through the same store factory, with the same
 * credentials (for a registry override, the event's ECR credentials) and, on the conversion's registry, the same
 * scheme. Another host speaks plain HTTP only on loopback, as references do.
 */
record RecordedStores(StoreFactory stores, RegistryAddress registry, CredentialsProvider credentials)
        implements StoreOpener {

    @Override
    public ImageStore open(String store) throws IOException {
        int slash = store.indexOf('/');
        if (slash <= 0 || slash == store.length() - 1) {
            throw new IOException("zTOC cache entry names the store '" + store + "', not host/repository");
        }
        String host = store.substring(0, slash);
        boolean plainHttp = host.equals(registry.host()) ? registry.plainHttp() : RegistryAddress.isLoopback(host);
        return stores.open(host, plainHttp, store.substring(slash + 1), credentials);
    }
}
