package dev.sociindex.lambda;

import dev.sociindex.registry.EcrRegistryHost;
import dev.sociindex.contract.SourceAccountRoles;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Registry credentials for events forwarded from other accounts: an ECR host of a configured source account is
 * reached with that account's role (by the account in the host name, which the function derives from the event's
 * {@code account}); every other host (the function's own registry, a local one) gets the home credentials. One
 * provider per account and region is kept, so tokens and role sessions are reused across invocations.
 */
public final class SourceAccountCredentials implements CredentialsProvider {
    /** Registry credentials obtained through a role, for the ECR registries of one region. */
    @FunctionalInterface
    public interface RoleRegistryCredentials {
        CredentialsProvider forRole(String roleArn, String region);
    }

    private final SourceAccountRoles roles;
    private final CredentialsProvider home;
    private final RoleRegistryCredentials viaRole;
    private final ConcurrentMap<String, CredentialsProvider> byAccountAndRegion = new ConcurrentHashMap<>();

    public SourceAccountCredentials(SourceAccountRoles roles, CredentialsProvider home, RoleRegistryCredentials viaRole) {
        this.roles = roles;
        this.home = home;
        this.viaRole = viaRole;
    }

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) throws IOException {
        Optional<EcrRegistryHost> ecr = EcrRegistryHost.parse(registryHost);
        Optional<String> role = ecr.flatMap(host -> roles.roleFor(host.account()));
        if (role.isEmpty()) {
            return home.credentialsFor(registryHost);
        }
        EcrRegistryHost host = ecr.get();
        return byAccountAndRegion.computeIfAbsent(host.account() + "/" + host.region(), key -> viaRole.forRole(role.get(), host.region()))
                .credentialsFor(registryHost);
    }
}
