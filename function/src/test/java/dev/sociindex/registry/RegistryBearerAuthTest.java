package dev.sociindex.registry;


import dev.sociindex.oci.Digests;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.testing.StubHttpServer;
import dev.sociindex.testing.StubHttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bearer token flow (Docker Hub, GHCR, Harbor style). Debian's registry can only validate tokens signed by a
 * configured certificate, so a loopback registry front and token service stand in: the registry answers 401 with a
 * Bearer challenge unless it sees the token issued for the scope it asks for.
 */
class RegistryBearerAuthTest {
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));

    private static final String IDENTITY_TOKEN = "eyJ-refresh-token-from-az-acr-login";

    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> tokenForms = new CopyOnWriteArrayList<>();
    private StubHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = StubHttpServer.start()
                .route("/token", request -> {
                    if (request.method().equals("POST")) {
                        return refreshTokenGrant(request);
                    }
                    String query = URLDecoder.decode(request.uri().getRawQuery(), StandardCharsets.UTF_8);
                    tokenQueries.add(query);
                    if (!request.header("Authorization").equals(Optional.of(BASIC))) {
                        return Reply.empty(401);
                    }
                    String scope = query.replaceAll(".*scope=", "");
                    return Reply.text(200, "{\"access_token\":\"" + tokenFor(scope) + "\",\"expires_in\":300}");
                })
                .route("/v2/", request -> {
                    String scope = request.uri().getPath().contains("/blobs/uploads/")
                            ? "repository:app:pull,push" : "repository:app:pull";
                    if (!request.header("Authorization").equals(Optional.of("Bearer " + tokenFor(scope)))) {
                        return challenge(scope);
                    }
                    return Reply.empty(request.method().equals("POST") ? 500 : 404);
                });
    }

    /** The OAuth2 refresh-token grant Docker sends for an identity token: a form, one space-separated scope field. */
    private Reply refreshTokenGrant(StubHttpServer.Request request) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : request.bodyText().split("&")) {
            int eq = pair.indexOf('=');
            form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        tokenForms.add(form);
        if (!request.header("Content-Type").equals(Optional.of("application/x-www-form-urlencoded"))
                || request.header("Authorization").isPresent() || !"refresh_token".equals(form.get("grant_type"))
                || !IDENTITY_TOKEN.equals(form.get("refresh_token"))) {
            return Reply.text(400, "{\"error\":\"invalid_grant\"}");
        }
        return Reply.text(200, "{\"access_token\":\"" + tokenFor(form.get("scope")) + "\",\"expires_in\":300}");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Reply challenge(String scope) {
        return Reply.empty(401).withHeader("WWW-Authenticate", "Bearer realm=\"http://" + server.host()
                + "/token\",service=\"test registry\",scope=\"" + scope + "\"");
    }

    private static String tokenFor(String scope) {
        return "token-" + Integer.toHexString(scope.hashCode());
    }

    private RegistryImageStore store(Optional<Credentials> credentials) {
        RegistrySettings settings = RegistrySettings.defaults().withRetryPolicy(RetryPolicy.defaults())
                .withSleeper(d -> { });
        return RegistryImageStore.connect(RegistryEndpoint.forHost(server.host(), false), "app", host -> credentials, settings);
    }

    @Test
    void fetchesATokenPerScopeWithBasicCredentialsAndReusesIt() throws IOException {
        try (RegistryImageStore store = store(Optional.of(new Credentials("robot", "s3cret")))) {
            assertEquals(Optional.empty(), store.getManifest("v1"));
            assertEquals(Optional.empty(), store.getManifest("v2"));
            assertFalse(store.blobExists("sha256:" + "0".repeat(64)));
            assertEquals(List.of("service=test registry&scope=repository:app:pull"), tokenQueries);
            // a push needs a wider scope: a second token, for that scope only
            RegistryException e = assertThrows(RegistryException.class,
                    () -> store.putBlob(Digests.sha256(new byte[1]), new byte[1]));
            assertEquals(500, e.status());
            assertEquals(2, tokenQueries.size());
            assertEquals("service=test registry&scope=repository:app:pull,push", tokenQueries.get(1));
            assertEquals(Optional.empty(), store.getManifest("v3"));
            assertEquals(2, tokenQueries.size());
        }
    }

    /**
     * An identity token ({@code az acr login} writes one as {@code auths.HOST.identitytoken}) is exchanged by POST of
     * a refresh-token grant, never sent as Basic credentials, and never appears in a message.
     */
    @Test
    void exchangesAnIdentityTokenFromTheAuthFileByRefreshTokenGrant(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path config = dir.resolve("config.json");
        java.nio.file.Files.writeString(config, "{\"auths\":{\"" + server.host() + "\":{\"auth\":\"\",\"identitytoken\":\""
                + IDENTITY_TOKEN + "\"}}}");
        CredentialsProvider fromFile = new DockerConfigCredentials(config, new CredentialHelpers());
        assertEquals(Optional.of(Credentials.identityToken(IDENTITY_TOKEN)), fromFile.credentialsFor(server.host()));
        try (RegistryImageStore store = store(fromFile.credentialsFor(server.host()))) {
            assertEquals(Optional.empty(), store.getManifest("v1"));
            assertEquals(Optional.empty(), store.getManifest("v2"));
            assertEquals(List.of(), tokenQueries, "no GET with the identity token as Basic credentials");
            assertEquals(1, tokenForms.size());
            assertEquals(Map.of("service", "test registry", "scope", "repository:app:pull", "grant_type", "refresh_token",
                    "client_id", "soci-index-builder", "refresh_token", IDENTITY_TOKEN), tokenForms.getFirst());
        }
        try (RegistryImageStore store = store(Optional.of(Credentials.identityToken("expired")))) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.getManifest("v1"));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("token service POST http://127.0.0.1:") && e.getMessage().contains("invalid_grant"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    @Test
    void reportsATokenServiceRefusal() throws IOException {
        try (RegistryImageStore store = store(Optional.of(new Credentials("robot", "wrong")))) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.getManifest("v1"));
            assertEquals(401, e.status());
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("token service GET http://127.0.0.1:") && e.getMessage().contains(
                    "/token answered 401 for scope 'repository:app:pull'"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), e.getMessage());
        }
    }

    @Test
    void parsesChallengesWithQuotedCommas() {
        AuthChallenge challenge = AuthChallenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                        + "scope=\"repository:a:pull,push repository:b:pull\",error=insufficient_scope");
        assertEquals("bearer", challenge.scheme());
        assertEquals(Map.of("realm", "https://auth.example/token", "service", "registry.example",
                "scope", "repository:a:pull,push repository:b:pull", "error", "insufficient_scope"),
                challenge.parameters());
        assertEquals(new AuthChallenge("basic", Map.of("realm", "Registry Realm")),
                AuthChallenge.parse("Basic realm=\"Registry Realm\""));
    }
}
