package dev.sociindex.cli;

import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.StoreLocator;
import java.util.Optional;

/** The options every command that opens images shares: {@code --plain-http} and {@code --user USER:PASS}. */
final class StoreOptions {
    static final String PLAIN_HTTP = "plain-http";
    static final String USER = "user";

    private StoreOptions() {
    }

    static StoreLocator locator(Args args) {
        return new StoreLocator(credentials(args.value(USER, null)), RegistrySettings.defaults(), args.flag(PLAIN_HTTP));
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
