package dev.sociindex.cli;

import dev.sociindex.aws.EcrLogin;
import dev.sociindex.registry.CredentialHelpers;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.DockerConfigCredentials;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials one side of a command offers, per host, in the order Docker and skopeo users expect: the
 * command line's, then the auth files' ({@code credHelpers}, {@code credsStore}, {@code auths}), then ECR login for
 * ECR hosts, then none. Credentials are never offered over plain HTTP to a host that is not on loopback unless
 * that was allowed explicitly.
 */
final class RegistryCredentials {
    private RegistryCredentials() {
    }

    /**
     * @param authFiles the auth files to read, in order; the first with an entry for a host answers for it
     * @param aliases the address a {@code --registry-endpoint} sends a host to, mapped back to that host: its
     *                credentials are the ones to offer there
     */
    static CredentialsProvider chain(Optional<Credentials> explicit, List<Path> authFiles, boolean forcePlainHttp,
                                     boolean allowPlainHttp, Map<String, String> aliases) {
        CredentialHelpers helpers = new CredentialHelpers();
        List<CredentialsProvider> sources = new ArrayList<>();
        sources.add(host -> explicit);
        authFiles.forEach(file -> sources.add(new DockerConfigCredentials(file, helpers)));
        sources.add(new EcrLogin());
        return requested -> {
            String host = aliases.getOrDefault(requested, requested);
            for (CredentialsProvider source : sources) {
                Optional<Credentials> found = source.credentialsFor(host);
                if (found.isPresent()) {
                    checkTransport(requested, forcePlainHttp, allowPlainHttp);
                    return found;
                }
            }
            return Optional.empty();
        };
    }

    private static void checkTransport(String host, boolean forcePlainHttp, boolean allowPlainHttp) throws IOException {
        if (forcePlainHttp && !allowPlainHttp && !loopback(host)) {
            throw new RegistryException("refusing to send credentials for " + host + " over plain HTTP, where anyone on"
                    + " the network can read them: use HTTPS (drop --plain-http), or give --send-credentials-over-plain-http",
                    0, false, null);
        }
    }

    private static boolean loopback(String host) {
        String name = new RegistryEndpoint(host, true).hostName().toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }
}
