package dev.sociindex.lambda;

import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.store.ImageStore;
import java.io.IOException;

/** Opens one repository of a registry; the production implementation is the OCI distribution client. */
@FunctionalInterface
public interface StoreFactory {
    ImageStore open(String registryHost, boolean plainHttp, String repository, CredentialsProvider credentials)
            throws IOException;
}
