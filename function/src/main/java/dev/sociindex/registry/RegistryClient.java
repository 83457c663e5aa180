package dev.sociindex.registry;

import dev.sociindex.oci.Names;
import dev.sociindex.oci.RegistryEndpoint;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection to one registry: the HTTP client, authentication state (tokens) and retry settings, shared by the
 * repositories opened from it so that a conversion reading one repository and writing another authenticates once
 * per scope and can mount blobs between them.
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryEndpoint endpoint;
    private final RegistrySettings settings;
    private final HttpClient http;
    /** False for the JVM's shared client (see {@link RegistryHttpClients}), which outlives this one. */
    private final boolean ownsHttp;
    private final ObjectMapper json = new ObjectMapper();
    private final RegistryTransport transport;
    private final Retrier retrier;
    private final BodyIdleWatchdog watchdog;

    private RegistryClient(RegistryEndpoint endpoint, CredentialsProvider credentials, RegistrySettings settings) {
        this.endpoint = endpoint;
        this.settings = settings;
        Optional<HttpClient> shared = RegistryHttpClients.shared(settings);
        this.ownsHttp = shared.isEmpty();
        this.http = shared.orElseGet(() -> RegistryHttpClients.build(settings));
        RegistryAuthenticator authenticator =
                new RegistryAuthenticator(endpoint, credentials, http, settings.responseTimeout(), json);
        this.watchdog = new BodyIdleWatchdog(settings.bodyIdleTimeout());
        this.transport = new RegistryTransport(endpoint, http, authenticator, settings.responseTimeout(), watchdog,
                json);
        this.retrier = new Retrier(settings.retryPolicy(), settings.sleeper(), settings.retryListener());
    }

    public static RegistryClient connect(RegistryEndpoint endpoint, CredentialsProvider credentials,
                                         RegistrySettings settings) {
        return new RegistryClient(endpoint, credentials, settings);
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /** A repository of this registry; closing it leaves this client open. */
    public RegistryImageStore repository(String name) {
        return new RegistryImageStore(this, Names.requireRepository(name), false);
    }

    RegistrySettings settings() {
        return settings;
    }

    RegistryTransport transport() {
        return transport;
    }

    Retrier retrier() {
        return retrier;
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Shuts an HTTP client of its own down (bodies still open after a short grace period are aborted rather than
     * awaited); the shared one stays, with its idle connections for the next client of the same registry.
     */
    @Override
    public void close() {
        watchdog.close();
        if (!ownsHttp) {
            return;
        }
        http.shutdown();
        try {
            if (!http.awaitTermination(Duration.ofSeconds(5))) {
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
