package dev.sociindex.registry;

import java.time.Duration;

/**
 * Tuning of a registry client.
 *
 * @param retryPolicy      retries of transient failures
 * @param sleeper          how retry delays are waited out
 * @param connectTimeout   TCP + TLS connect timeout
 * @param responseTimeout  time until response headers arrive (a blob body may stream for longer)
 * @param tagsPageSize     {@code n} for {@code /tags/list} pages
 * @param maxManifestBytes largest manifest accepted; registries themselves cap manifests at a few MiB
 */
public record RegistrySettings(RetryPolicy retryPolicy, Sleeper sleeper, Duration connectTimeout,
                               Duration responseTimeout, int tagsPageSize, int maxManifestBytes) {

    public RegistrySettings {
        if (tagsPageSize < 1 || maxManifestBytes < 1) {
            throw new IllegalArgumentException("tagsPageSize and maxManifestBytes must be positive");
        }
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(RetryPolicy.defaults(), Sleeper.real(), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1000, 8 << 20);
    }

    public RegistrySettings withRetryPolicy(RetryPolicy policy) {
        return new RegistrySettings(policy, sleeper, connectTimeout, responseTimeout, tagsPageSize, maxManifestBytes);
    }

    public RegistrySettings withSleeper(Sleeper newSleeper) {
        return new RegistrySettings(retryPolicy, newSleeper, connectTimeout, responseTimeout, tagsPageSize,
                maxManifestBytes);
    }

    public RegistrySettings withTagsPageSize(int pageSize) {
        return new RegistrySettings(retryPolicy, sleeper, connectTimeout, responseTimeout, pageSize, maxManifestBytes);
    }

    public RegistrySettings withMaxManifestBytes(int maxBytes) {
        return new RegistrySettings(retryPolicy, sleeper, connectTimeout, responseTimeout, tagsPageSize, maxBytes);
    }
}
