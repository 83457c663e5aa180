package dev.sociindex.cli;

import dev.sociindex.oci.ImageReference;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.RegistryTls;
import dev.sociindex.registry.RetryPolicy;
import dev.sociindex.registry.StoreLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The options every command that opens images shares: how to reach registries ({@code --plain-http},
 * {@code --retries}, {@code --registry-endpoint}) and which credentials to offer them. Credentials are chosen per
 * side and host (see {@link RegistryCredentials}): {@code --src-creds} (or {@code --user}) for the source,
 * {@code --dest-creds} for the destination ({@link DestinationOptions}, {@code convert} only), then the auth file,
 * then ECR login.
 */
final class StoreOptions {
    /** Which image a locator opens: the credentials differ. */
    enum Side { SOURCE, DESTINATION }

    @Option(names = "--plain-http", description = "Speak plain HTTP to registries that are not on loopback"
            + " (loopback registries always get plain HTTP).")
    boolean plainHttp;

    @Option(names = "--src-creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the source registry"
            + " (without :PASSWORD, give --password-stdin).")
    String sourceCredentials;

    @Option(names = "--user", paramLabel = "USER[:PASSWORD]", description = "The same as --src-creds.")
    String user;

    @Option(names = "--password-stdin", description = "Read the password of the one credentials option given"
            + " without :PASSWORD from stdin.")
    boolean passwordStdin;

    @Option(names = "--authfile", paramLabel = "FILE", description = "The registry auth file (auths, credsStore,"
            + " credHelpers), read alone (default, the first with the host: $REGISTRY_AUTH_FILE or"
            + " $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json, $DOCKER_CONFIG/config.json or"
            + " ~/.docker/config.json).")
    Path authFile;

    @Option(names = "--send-credentials-over-plain-http", description = "Allow sending credentials over plain HTTP"
            + " (--plain-http) to a registry that is not on loopback; anyone on the network could read them.")
    boolean credentialsOverPlainHttp;

    @Option(names = "--registry-endpoint", paramLabel = "HOST=ADDRESS:PORT", showDefaultValue = Visibility.NEVER,
            description = "Send requests for registry"
            + " HOST to ADDRESS:PORT instead, still offering HOST's credentials (a local registry standing in;"
            + " repeatable).")
    List<String> endpointOverrides = new ArrayList<>();

    @Option(names = "--tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Check registries' TLS certificates and host names; --tls-verify=false trusts any.")
    boolean tlsVerify;

    @Option(names = "--src-ca-bundle", paramLabel = "FILE",
            description = "Trust the CA certificates in FILE (PEM) for the source registry, instead of the JDK's.")
    Path sourceCaBundle;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a transient registry failure, with backoff (0 to 100; 0 fails at once).")
    int retries;

    private DestinationOptions destination = new DestinationOptions();
    private Map<Side, Optional<Credentials>> explicit;

    /** The destination side's options, for the command that has one ({@code convert --to}); before any locator. */
    void destination(DestinationOptions options) {
        destination = options;
    }
    private java.util.function.Consumer<String> retryLines = line -> { };

    /** Prints a line per retry of a registry call, with its cause, to {@code err} (CI logs want to see them). */
    void printRetries(java.io.PrintStream err) {
        retryLines = err::println;
    }

    /** Parses an image reference given on the command line; a malformed one is a usage error. */
    ImageReference reference(String what, String text) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(text, plainHttp);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
        if (reference.location() instanceof ImageReference.RegistryLocation registry) {
            String address = overrides().get(registry.endpoint().host().toLowerCase(java.util.Locale.ROOT));
            if (address != null) {
                return new ImageReference(new ImageReference.RegistryLocation(RegistryEndpoint.forHost(address, plainHttp),
                        registry.repository()), reference.reference());
            }
        }
        return reference;
    }

    /**
     * Where requests for registry {@code host} go: the {@code --registry-endpoint} address given for it, else the host
     * itself. Its credentials stay the host's ({@link #credentials} maps the address back).
     */
    RegistryEndpoint endpoint(String host) {
        return RegistryEndpoint.forHost(overrides().getOrDefault(host.toLowerCase(java.util.Locale.ROOT), host), plainHttp);
    }

    /** The source side's locator ({@code verify} and {@code backfill} have only that side). */
    StoreLocator locator() throws IOException {
        return locator(Side.SOURCE);
    }

    StoreLocator locator(Side side) throws IOException {
        return new StoreLocator(credentials(side), settings(side), plainHttp);
    }

    CredentialsProvider credentials(Side side) {
        List<Path> files = authFile != null ? List.of(authFile)
                : dev.sociindex.registry.DockerConfigCredentials.defaultFiles(System.getenv());
        Map<String, String> aliases = new LinkedHashMap<>();
        overrides().forEach((host, address) -> aliases.put(RegistryEndpoint.forHost(address, plainHttp).host(), host));
        return RegistryCredentials.chain(explicit().get(side), files, plainHttp, credentialsOverPlainHttp, aliases);
    }

    RegistrySettings settings(Side side) throws IOException {
        if (retries < 0 || retries > 100) {
            throw new UsageException("--retries must be between 0 and 100, got " + retries);
        }
        Path bundle = side == Side.SOURCE ? sourceCaBundle : destination.caBundle;
        if (!tlsVerify && bundle != null) {
            throw new UsageException("give --tls-verify=false or a CA bundle, not both");
        }
        RegistryTls tls = !tlsVerify ? RegistryTls.insecure() : bundle != null ? RegistryTls.caBundle(bundle) : RegistryTls.system();
        RegistrySettings defaults = RegistrySettings.defaults();
        RetryPolicy policy = defaults.retryPolicy();
        return defaults.withRetryPolicy(new RetryPolicy(retries + 1, policy.baseDelay(), policy.maxDelay())).withTls(tls)
                .withRetryListener((what, attempt, cause, delay) -> retryLines.accept(String.format(java.util.Locale.ROOT,
                        "retry %d of %d in %.1f s: %s: %s", attempt, retries, delay.toMillis() / 1000.0, what,
                        cause == null ? "" : cause.strip().replaceAll("\\s*\\R\\s*", " "))));
    }

    /** {@code --registry-endpoint}: registry host (lower case) to the address its requests go to. */
    private Map<String, String> overrides() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String override : endpointOverrides) {
            int eq = override.indexOf('=');
            if (eq <= 0 || eq == override.length() - 1) {
                throw new UsageException("--registry-endpoint needs HOST=ADDRESS:PORT, got '" + override + "'");
            }
            map.put(override.substring(0, eq).toLowerCase(java.util.Locale.ROOT), override.substring(eq + 1));
        }
        return map;
    }

    /** The credentials given on the command line per side, the password read from stdin once when asked. */
    private Map<Side, Optional<Credentials>> explicit() {
        if (explicit == null) {
            if (user != null && sourceCredentials != null) {
                throw new UsageException("give --user or --src-creds, not both");
            }
            String source = sourceCredentials != null ? sourceCredentials : user;
            String name = sourceCredentials != null ? "--src-creds" : "--user";
            boolean sourceNeedsPassword = source != null && source.indexOf(':') < 0;
            String destinationCredentials = destination.credentials;
            boolean destinationNeedsPassword = destinationCredentials != null && destinationCredentials.indexOf(':') < 0;
            if (passwordStdin && sourceNeedsPassword == destinationNeedsPassword) {
                throw new UsageException("--password-stdin needs exactly one of --src-creds/--dest-creds given as USER"
                        + " without :PASSWORD");
            }
            String password = passwordStdin ? readPassword() : null;
            explicit = Map.of(
                    Side.SOURCE, parse(name, source, sourceNeedsPassword ? password : null),
                    Side.DESTINATION, parse("--dest-creds", destinationCredentials, destinationNeedsPassword ? password : null));
        }
        return explicit;
    }

    private static Optional<Credentials> parse(String option, String value, String stdinPassword) {
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon == 0) {
            throw new UsageException(option + " needs USER[:PASSWORD], the user is empty");
        }
        if (colon < 0) {
            if (stdinPassword == null) {
                throw new UsageException(option + " " + value + " has no password: give USER:PASSWORD, or --password-stdin");
            }
            return Optional.of(new Credentials(value, stdinPassword));
        }
        return Optional.of(new Credentials(value.substring(0, colon), value.substring(colon + 1)));
    }

    /** The password on stdin, without the line break {@code echo} or a secrets store adds. */
    private static String readPassword() {
        try {
            InputStream in = System.in;
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (password.isEmpty()) {
                throw new UsageException("--password-stdin: stdin held no password");
            }
            return password;
        } catch (IOException e) {
            throw new UsageException("--password-stdin: cannot read stdin: " + e.getMessage());
        }
    }

    /** Basic credentials for every host from {@code USER:PASSWORD} ({@code invoke --user}). */
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
