package dev.sociindex.registry;

import java.io.IOException;
import java.util.Optional;

/** Supplies credentials per registry host (with port); empty means anonymous. */
@FunctionalInterface
public interface CredentialsProvider {
    Optional<Credentials> credentialsFor(String registryHost) throws IOException;

    static CredentialsProvider anonymous() {
        return host -> Optional.empty();
    }
}
