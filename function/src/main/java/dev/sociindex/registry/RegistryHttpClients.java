package dev.sociindex.registry;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code java.net.http} clients registry connections use. Clients that trust the JDK's CAs are shared by the
 * whole JVM, one per connect timeout, and never closed: a Lambda execution environment serves many invocations, and
 * a client per invocation is not only a selector thread and new connections each time, it is never collected. The
 * JDK frees a client only when its facade becomes unreachable, and the connections in its pool keep the exchange
 * that opened them, whose response handler is ours; anything of ours that reaches the facade (the transport does)
 * keeps the whole client, shut down or not, for the life of the JVM. Shared clients hold no per-registry state: the
 * transport sets Authorization itself and follows redirects by hand.
 *
 * <p>A client with its own TLS trust (a CA bundle, verification off: CLI options) is built for its registry client
 * and shut down with it, as is any client past {@link #MAX_SHARED} distinct timeouts, so the shared set stays bounded.
 */
final class RegistryHttpClients {
    /** Production uses one timeout; tests use a handful. */
    static final int MAX_SHARED = 8;
    private static final Map<Duration, HttpClient> SHARED = new HashMap<>();

    private RegistryHttpClients() {
    }

    /**
     * The JVM's shared client for {@code settings} (never to be shut down); empty when the settings ask for a client
     * of their own, which {@link #build} makes.
     */
    static synchronized Optional<HttpClient> shared(RegistrySettings settings) {
        if (settings.tls().context().isPresent()
                || (SHARED.size() >= MAX_SHARED && !SHARED.containsKey(settings.connectTimeout()))) {
            return Optional.empty();
        }
        return Optional.of(SHARED.computeIfAbsent(settings.connectTimeout(), timeout -> build(settings)));
    }

    static HttpClient build(RegistrySettings settings) {
        // HTTP/1.1: no h2c upgrade attempts against plain-HTTP registries, and parallel layer downloads get their own
        // connections. Redirects are followed by hand (see RegistryTransport).
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout());
        settings.tls().context().ifPresent(builder::sslContext);
        return builder.build();
    }
}
