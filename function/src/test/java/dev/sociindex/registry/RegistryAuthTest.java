package dev.sociindex.registry;


import dev.sociindex.oci.Digests;
import dev.sociindex.bench.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sociindex.testing.TestBytes.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP Basic auth (the scheme ECR uses) against the real registry with an htpasswd (bcrypt) file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryAuthTest {
    private static final String USER = "builder";
    private static final String PASSWORD = "correct-horse-battery";
    private LocalRegistry registry;

    @BeforeAll
    void startRegistry() throws IOException {
        registry = LocalRegistry.startWithBasicAuth(USER, PASSWORD);
    }

    @AfterAll
    void stopRegistry() throws IOException {
        registry.close();
    }

    @Test
    void authenticatesWithBasicCredentialsForTheRegistryHost() throws IOException {
        List<String> askedHosts = new CopyOnWriteArrayList<>();
        CredentialsProvider provider = host -> {
            askedHosts.add(host);
            return Optional.of(new Credentials(USER, PASSWORD));
        };
        byte[] content = randomBytes(10_000, 21);
        String digest = Digests.sha256(content);
        try (RegistryImageStore store = RegistryImageStore.connect(registry.endpoint(), "secured/app", provider)) {
            assertFalse(store.blobExists(digest));
            store.putBlob(digest, content);
            try (InputStream in = store.openBlob(digest, content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }
            assertEquals(Optional.empty(), store.getManifest("absent"));
        }
        assertTrue(askedHosts.stream().allMatch(registry.host()::equals), askedHosts.toString());
        assertFalse(askedHosts.isEmpty());
    }

    @Test
    void rejectsAWrongPasswordWithoutRevealingIt() throws IOException {
        String wrong = "wrong-password-123";
        try (RegistryImageStore store = RegistryImageStore.connect(registry.endpoint(), "secured/app",
                host -> Optional.of(new Credentials(USER, wrong)))) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.getManifest("latest"));
            assertEquals(401, e.status());
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("rejected the credentials for " + registry.host()), e.getMessage());
            assertFalse(e.getMessage().contains(wrong), e.getMessage());
        }
    }

    @Test
    void saysSoWhenCredentialsAreNeededButMissing() throws IOException {
        try (RegistryImageStore store = RegistryImageStore.connect(registry.endpoint(), "secured/app",
                CredentialsProvider.anonymous())) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.listTags());
            assertEquals(401, e.status());
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("no credentials are configured for " + registry.host()),
                    e.getMessage());
        }
    }
}
