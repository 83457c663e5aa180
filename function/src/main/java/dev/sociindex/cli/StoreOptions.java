package dev.sociindex.cli;

import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.RetryPolicy;
import dev.sociindex.registry.StoreLocator;
import java.util.Optional;

/**
 * The options every command that opens images shares: {@code --plain-http}, {@code --user USER:PASS} and
 * {@code --retries N} (retries of a transient registry failure; 0 fails on the first refused connection, which
 * scripts probing a registry want).
 */
final class StoreOptions {
    static final String PLAIN_HTTP = "plain-http";
    static final String USER = "user";
    static final String RETRIES = "retries";

    private StoreOptions() {
    }

    static StoreLocator locator(Args args) {
        return new StoreLocator(credentials(args.value(USER, null)), settings(args), args.flag(PLAIN_HTTP));
    }

    private static RegistrySettings settings(Args args) {
        RegistrySettings defaults = RegistrySettings.defaults();
        RetryPolicy policy = defaults.retryPolicy();
        long retries = args.longValue(RETRIES, policy.maxAttempts() - 1L);
        if (retries < 0 || retries > 100) {
            throw new UsageException("--retries must be between 0 and 100, got " + retries);
        }
        return defaults.withRetryPolicy(new RetryPolicy((int) retries + 1, policy.baseDelay(), policy.maxDelay()));
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
