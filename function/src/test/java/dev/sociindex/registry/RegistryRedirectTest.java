package dev.sociindex.registry;


import dev.sociindex.oci.Digests;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.testing.StubHttpServer;
import dev.sociindex.testing.StubHttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sociindex.testing.TestBytes.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ECR's blob GET redirects to a pre-signed storage URL that rejects the registry's Authorization. The registry
 * and the storage are two loopback servers here (ports differ, so origins differ), because no S3 runs locally.
 */
class RegistryRedirectTest {
    private static final String SIGNATURE = "X-Amz-Signature=very-secret-signature";
    private static final byte[] BLOB = randomBytes(64_000, 31);
    private static final String DIGEST = Digests.sha256(BLOB);

    private final List<Optional<String>> registryAuthorizations = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> storageAuthorizations = new CopyOnWriteArrayList<>();
    private StubHttpServer registry;
    private StubHttpServer storage;
    private int storageStatus = 200;

    @BeforeEach
    void startServers() throws IOException {
        storage = StubHttpServer.start().route("/bucket/", request -> {
            storageAuthorizations.add(request.header("Authorization"));
            return storageStatus == 200 ? Reply.bytes(200, BLOB) : Reply.text(storageStatus, "<Error>AccessDenied</Error>");
        });
        registry = StubHttpServer.start().route("/v2/", request -> {
            Optional<String> authorization = request.header("Authorization");
            registryAuthorizations.add(authorization);
            if (authorization.isEmpty()) {
                return Reply.empty(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"");
            }
            return Reply.empty(307).withHeader("Location", storage.uri() + "/bucket/" + DIGEST.substring(7) + "?"
                    + SIGNATURE);
        });
    }

    @AfterEach
    void stopServers() {
        registry.close();
        storage.close();
    }

    private RegistryImageStore store() {
        RegistrySettings settings = RegistrySettings.defaults()
                .withRetryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO));
        return RegistryImageStore.connect(RegistryEndpoint.forHost(registry.host(), false), "app", host -> Optional.of(new Credentials("AWS", "token")), settings);
    }

    @Test
    void dropsAuthorizationWhenFollowingARedirectToStorage() throws IOException {
        try (RegistryImageStore store = store(); InputStream in = store.openBlob(DIGEST, BLOB.length)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
        assertEquals(2, registryAuthorizations.size());
        assertTrue(registryAuthorizations.get(1).orElseThrow().startsWith("Basic "));
        assertEquals(List.of(Optional.empty()), storageAuthorizations);
    }

    @Test
    void keepsThePresignedQueryOutOfErrorMessages() throws IOException {
        storageStatus = 403;
        try (RegistryImageStore store = store()) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.openBlob(DIGEST, BLOB.length));
            assertEquals(403, e.status());
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("/bucket/" + DIGEST.substring(7) + " answered 403"), e.getMessage());
            assertFalse(e.getMessage().contains("very-secret-signature"), e.getMessage());
        }
    }
}
