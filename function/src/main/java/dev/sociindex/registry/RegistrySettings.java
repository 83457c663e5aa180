package dev.sociindex.registry;

import java.time.Duration;

/**
 * Tuning of a registry client.
 *
 * @param retryPolicy      retries of transient failures
 * @param sleeper          how retry delays are waited out
 * @param connectTimeout   TCP + TLS connect timeout
 * @param responseTimeout  time until response headers arrive (a blob body may stream for longer)
 * @param bodyIdleTimeout  longest wait for the next bytes of a body once it streams: a stalled connection fails (and
 *                         a blob download resumes) after this instead of hanging the conversion
 * @param tagsPageSize     {@code n} for {@code /tags/list} pages
 * @param maxManifestBytes largest manifest accepted; registries themselves cap manifests at a few MiB
 * @param tls              which certificates HTTPS connections trust
 * @param retryListener    told of each retry
 */
public record RegistrySettings(RetryPolicy retryPolicy, Sleeper sleeper, Duration connectTimeout,
                               Duration responseTimeout, Duration bodyIdleTimeout, int tagsPageSize,
                               int maxManifestBytes, RegistryTls tls, RetryListener retryListener) {

    public RegistrySettings(RetryPolicy retryPolicy, Sleeper sleeper, Duration connectTimeout, Duration responseTimeout,
                            Duration bodyIdleTimeout, int tagsPageSize, int maxManifestBytes) {
        this(retryPolicy, sleeper, connectTimeout, responseTimeout, bodyIdleTimeout, tagsPageSize, maxManifestBytes,
                RegistryTls.system(), RetryListener.NONE);
    }

    public RegistrySettings {
        if (bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
            throw new IllegalArgumentException("bodyIdleTimeout must be positive, was " + bodyIdleTimeout);
        }
        if (tagsPageSize < 1 || maxManifestBytes < 1) {
            throw new IllegalArgumentException("tagsPageSize and maxManifestBytes must be positive");
        }
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(RetryPolicy.defaults(), Sleeper.real(), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 1000, 8 << 20);
    }

    public RegistrySettings withRetryPolicy(RetryPolicy policy) {
        return new RegistrySettings(policy, sleeper, connectTimeout, responseTimeout, bodyIdleTimeout, tagsPageSize, maxManifestBytes,
                tls, retryListener);
    }

    public RegistrySettings withRetryListener(RetryListener listener) {
        return new RegistrySettings(retryPolicy, sleeper, connectTimeout, responseTimeout, bodyIdleTimeout, tagsPageSize,
                maxManifestBytes, tls, listener);
    }

    public RegistrySettings withTls(RegistryTls newTls) {
        return new RegistrySettings(retryPolicy, sleeper, connectTimeout, responseTimeout, bodyIdleTimeout, tagsPageSize,
                maxManifestBytes, newTls, retryListener);
    }

    public RegistrySettings withSleeper(Sleeper newSleeper) {
        return new RegistrySettings(retryPolicy, newSleeper, connectTimeout, responseTimeout, bodyIdleTimeout, tagsPageSize,
                maxManifestBytes, tls, retryListener);
    }

    public RegistrySettings withTagsPageSize(int pageSize) {
        return new RegistrySettings(retryPolicy, sleeper, connectTimeout, responseTimeout, bodyIdleTimeout, pageSize, maxManifestBytes, tls, retryListener);
    }

    public RegistrySettings withMaxManifestBytes(int maxBytes) {
        return new RegistrySettings(retryPolicy, sleeper, connectTimeout, responseTimeout, bodyIdleTimeout, tagsPageSize, maxBytes, tls, retryListener);
    }

    /** The three timeouts at once (tests use short ones to provoke stalls). */
    public RegistrySettings withTimeouts(Duration connect, Duration response, Duration bodyIdle) {
        return new RegistrySettings(retryPolicy, sleeper, connect, response, bodyIdle, tagsPageSize, maxManifestBytes, tls, retryListener);
    }
}
