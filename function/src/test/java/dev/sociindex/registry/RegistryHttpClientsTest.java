package dev.sociindex.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.OciImages;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry connections of one JVM share their HTTP client (a warm Lambda opens stores for every invocation): closing
 * one store must leave the others working, and a client with its own TLS trust stays its own.
 */
class RegistryHttpClientsTest {

    @Test
    void storesWithTheDefaultTrustShareOneClientAndClosingOneLeavesTheOthersWorking(@TempDir Path scratch)
            throws IOException {
        Optional<HttpClient> first = RegistryHttpClients.shared(RegistrySettings.defaults());
        assertTrue(first.isPresent());
        assertSame(first.get(), RegistryHttpClients.shared(RegistrySettings.defaults()).orElseThrow());

        Path layout = scratch.resolve("layout");
        OciImages.create(layout, "v1", "amd64", List.of(Map.of("etc/motd", "hi\n".getBytes(StandardCharsets.UTF_8))));
        try (LocalRegistry registry = LocalRegistry.start()) {
            registry.push(layout, "v1", "shared/app", "v1");
            RegistryImageStore kept = registry.repository("shared/app");
            try (kept) {
                try (RegistryImageStore closed = registry.repository("shared/app")) {
                    assertTrue(closed.getManifest("v1").isPresent());
                }
                assertTrue(kept.getManifest("v1").isPresent(), "the other store still reads after one closed");
            }
            try (RegistryImageStore later = registry.repository("shared/app")) {
                assertTrue(later.getManifest("v1").isPresent(), "a store opened after both closed reads too");
            }
        }
    }

    @Test
    void aClientWithItsOwnTrustIsNotShared() {
        RegistrySettings insecure = RegistrySettings.defaults().withTls(RegistryTls.insecure());
        assertEquals(Optional.empty(), RegistryHttpClients.shared(insecure));
    }

    @Test
    void theSharedSetIsBounded() {
        RegistrySettings settings = RegistrySettings.defaults();
        // the defaults first: the other tests of this JVM keep their shared client
        assertTrue(RegistryHttpClients.shared(settings).isPresent());
        int shared = 0;
        for (int n = 1; n <= RegistryHttpClients.MAX_SHARED + 3; n++) {
            Duration connect = Duration.ofMillis(7_000 + n);
            if (RegistryHttpClients.shared(settings.withTimeouts(connect, settings.responseTimeout(),
                    settings.bodyIdleTimeout())).isPresent()) {
                shared++;
            }
        }
        assertTrue(shared <= RegistryHttpClients.MAX_SHARED, shared + " timeouts got a shared client");
    }
}
