package dev.sociindex.cli;

import dev.sociindex.oci.ImageReference;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.RetryPolicy;
import dev.sociindex.registry.StoreLocator;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command that opens images shares: {@code --plain-http}, {@code --user USER:PASS} and
 * {@code --retries N} (retries of a transient registry failure; 0 fails on the first refused connection, which
 * scripts probing a registry want).
 */
final class StoreOptions {
    @Option(names = "--plain-http", description = "Speak plain HTTP to registries that are not on loopback"
            + " (loopback registries always get plain HTTP).")
    boolean plainHttp;

    @Option(names = "--user", paramLabel = "USER:PASSWORD", description = "Basic credentials for the registry.")
    String user;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a transient registry failure, with backoff (0 to 100; 0 fails at once).")
    int retries;

    /** Parses an image reference given on the command line; a malformed one is a usage error. */
    ImageReference reference(String what, String text) {
        try {
            return ImageReference.parse(text, plainHttp);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    StoreLocator locator() {
        return new StoreLocator(credentials(user), settings(), plainHttp);
    }

    RegistrySettings settings() {
        if (retries < 0 || retries > 100) {
            throw new UsageException("--retries must be between 0 and 100, got " + retries);
        }
        RegistrySettings defaults = RegistrySettings.defaults();
        RetryPolicy policy = defaults.retryPolicy();
        return defaults.withRetryPolicy(new RetryPolicy(retries + 1, policy.baseDelay(), policy.maxDelay()));
    }

    static CredentialsProvider credentials(String user) {
        if (user == null) {
            return CredentialsProvider.anonymous();
        }
        int colon = user.indexOf(':');
        if (colon <= 0) {
            throw new UsageException("--user needs USER:PASSWORD");
        }
        Credentials credentials = new Credentials(user.substring(0, colon), user.substring(colon + 1));
        return host -> Optional.of(credentials);
    }
}
