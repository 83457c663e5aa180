package dev.sociindex.lambda;

import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import java.io.IOException;
import java.util.Optional;

/**
 * Credentials for a registry that stands in for the event's ECR registry ({@code SOCI_REGISTRY_ENDPOINT}): what the
 * provider holds for the stand-in's own host, or else what it would give the ECR registry the event names. So a
 * registry override exercises the same ECR login (and, for forwarded events, the same role) as the real registry.
 */
record StandInCredentials(CredentialsProvider delegate, String standInHost, String ecrHost) implements CredentialsProvider {

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) throws IOException {
        Optional<Credentials> own = delegate.credentialsFor(registryHost);
        if (own.isPresent() || !registryHost.equals(standInHost)) {
            return own;
        }
        return delegate.credentialsFor(ecrHost);
    }
}
