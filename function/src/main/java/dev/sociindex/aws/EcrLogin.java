package dev.sociindex.aws;

import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.EcrRegistryHost;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Automatic ECR login for the CLI: an ECR registry host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}) gets a token
 * from {@code GetAuthorizationToken} in the host's region, with the AWS SDK's default credentials chain (and its
 * endpoint settings, such as {@code AWS_ENDPOINT_URL_ECR}); any other host gets none. One provider per region,
 * made when first needed, so a run that never meets ECR never builds an AWS client.
 */
public final class EcrLogin implements CredentialsProvider {
    private final Map<String, EcrCredentialsProvider> byRegion = new ConcurrentHashMap<>();

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) throws IOException {
        Optional<EcrRegistryHost> ecr = EcrRegistryHost.parse(registryHost);
        if (ecr.isEmpty()) {
            return Optional.empty();
        }
        return byRegion.computeIfAbsent(ecr.get().region(), EcrCredentialsProvider::withDefaultCredentials)
                .credentialsFor(registryHost);
    }
}
