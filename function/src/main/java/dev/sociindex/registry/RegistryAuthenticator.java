package dev.sociindex.registry;

import dev.sociindex.oci.RegistryEndpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry authentication as the distribution spec describes it: requests start anonymous; a 401's
 * {@code WWW-Authenticate} says what to do. {@code Basic} (ECR, htpasswd) switches every later request to Basic;
 * {@code Bearer} fetches a token for the challenge's scope from its realm, cached per scope: by GET with Basic
 * credentials (or none), or, for an identity token, by POST of an OAuth2 refresh-token grant, as Docker does. Nothing
 * here puts a credential or token into a message.
 */
final class RegistryAuthenticator {
    private static final int TOKEN_RESPONSE_LIMIT = 1 << 20;
    /** Who asks for a token, in a refresh-token grant (the token service may log it). */
    private static final String CLIENT_ID = "soci-index-builder";

    private final RegistryEndpoint endpoint;
    private final CredentialsProvider credentials;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private volatile boolean basic;
    private final Map<String, String> tokensByScope = new ConcurrentHashMap<>();
    /** Which challenge scope a kind of request (see {@link RegistryRequest#access()}) turned out to need. */
    private final Map<String, String> scopeByAccess = new ConcurrentHashMap<>();

    RegistryAuthenticator(RegistryEndpoint endpoint, CredentialsProvider credentials, HttpClient http, Duration timeout,
                          ObjectMapper json) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
    }

    /** The Authorization header value to send with a request of this access kind, if one is known yet. */
    Optional<String> authorization(String access) throws IOException {
        if (basic) {
            return credentials.credentialsFor(endpoint.host()).map(RegistryAuthenticator::basicHeader);
        }
        String scope = scopeByAccess.get(access);
        String token = scope == null ? null : tokensByScope.get(scope);
        return Optional.ofNullable(token).map(t -> "Bearer " + t);
    }

    /**
     * Answers a 401 on {@code request}: prepares fresh authorization according to its challenges, or throws a
     * non-transient {@link RegistryException} when that is impossible.
     */
    void authenticate(List<String> wwwAuthenticate, String access, String request) throws IOException {
        List<AuthChallenge> challenges = wwwAuthenticate.stream().map(AuthChallenge::parse).toList();
        Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        if (bearer.isPresent()) {
            String scope = bearer.get().parameter("scope").orElse("");
            tokensByScope.put(scope, fetchToken(bearer.get(), scope, request));
            scopeByAccess.put(access, scope);
            return;
        }
        if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
            Optional<Credentials> known = credentials.credentialsFor(endpoint.host());
            if (known.isEmpty()) {
                throw new RegistryException(request + " answered 401: the registry requires Basic authentication"
                        + " and no credentials are configured for " + endpoint.host(), 401, false, null);
            }
            if (known.get().isIdentityToken()) {
                throw new RegistryException(request + " answered 401: the registry requires Basic authentication, and"
                        + " the credentials for " + endpoint.host() + " are an identity token, which only a token"
                        + " service takes", 401, false, null);
            }
            basic = true;
            return;
        }
        throw new RegistryException(request + " answered 401 with no usable challenge (WWW-Authenticate schemes: "
                + challenges.stream().map(AuthChallenge::scheme).toList() + ")", 401, false, null);
    }

    private String fetchToken(AuthChallenge challenge, String scope, String request) throws IOException {
        URI realm = challenge.parameter("realm").map(RegistryAuthenticator::realmUri).orElseThrow(() ->
                new RegistryException(request + " answered 401 with a Bearer challenge without realm", 401, false,
                        null));
        Optional<String> service = challenge.parameter("service");
        Optional<Credentials> known = credentials.credentialsFor(endpoint.host());
        TokenRequest tokenRequest = known.isPresent() && known.get().isIdentityToken()
                ? refreshTokenGrant(realm, service, scope, known.get().password())
                : tokenQuery(realm, service, scope, known);
        String where = tokenRequest.where();
        HttpResponse<InputStream> response;
        try {
            response = http.send(tokenRequest.request(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + where);
        }
        int status = response.statusCode();
        if (status != 200) {
            String summary = ResponseBodies.errorSummary(response, json);
            boolean transientFailure = status == 429 || status >= 500;
            throw new RegistryException("token service " + where + " answered " + status + " for scope '" + scope
                    + "'" + (summary.isEmpty() ? "" : ": " + summary), status, transientFailure, null);
        }
        JsonNode body = json.readTree(ResponseBodies.readBounded(response, TOKEN_RESPONSE_LIMIT, "token response"));
        String token = body.path("token").asText("");
        if (token.isEmpty()) {
            token = body.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new RegistryException("token service " + where + " answered without token or access_token", status,
                    false, null);
        }
        return token;
    }

    /** A token request and how messages name it. */
    private record TokenRequest(HttpRequest request, String where) {
    }

    /** Docker's token GET: service and each scope in the query, Basic credentials when there are any. */
    private TokenRequest tokenQuery(URI realm, Optional<String> service, String scope, Optional<Credentials> known) {
        StringJoiner query = new StringJoiner("&");
        service.ifPresent(s -> query.add("service=" + encode(s)));
        for (String one : scope.split(" ")) {
            if (!one.isEmpty()) {
                query.add("scope=" + encode(one));
            }
        }
        String separator = realm.getRawQuery() == null ? "?" : "&";
        URI tokenUri = URI.create(realm + (query.length() == 0 ? "" : separator + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(tokenUri).timeout(timeout).GET();
        known.ifPresent(c -> builder.header("Authorization", basicHeader(c)));
        return new TokenRequest(builder.build(), ResponseBodies.describe("GET", tokenUri));
    }

    /**
     * The OAuth2 refresh-token grant for an identity token: a form POST, the identity token as the refresh token and
     * the scopes, space-separated, in one field.
     */
    private TokenRequest refreshTokenGrant(URI realm, Optional<String> service, String scope, String identityToken) {
        StringJoiner form = new StringJoiner("&");
        service.ifPresent(s -> form.add("service=" + encode(s)));
        if (!scope.isBlank()) {
            form.add("scope=" + encode(scope.strip()));
        }
        form.add("grant_type=refresh_token").add("client_id=" + encode(CLIENT_ID))
                .add("refresh_token=" + encode(identityToken));
        HttpRequest request = HttpRequest.newBuilder(realm).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return new TokenRequest(request, ResponseBodies.describe("POST", realm));
    }

    private static URI realmUri(String realm) {
        URI uri = URI.create(realm);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("token realm is not an http(s) URL: " + realm);
        }
        return uri;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String basicHeader(Credentials c) {
        String pair = c.username() + ":" + c.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
