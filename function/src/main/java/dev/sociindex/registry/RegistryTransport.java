package dev.sociindex.registry;

import dev.sociindex.oci.RegistryEndpoint;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends one request: adds authorization for the registry's own origin, answers one 401 by authenticating, and
 * follows redirects by hand so that the registry's Authorization never reaches another origin (ECR redirects blob
 * GETs to pre-signed S3 URLs, which reject requests that carry it). No retries here: see {@link Retrier}.
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 5;

    private final RegistryEndpoint endpoint;
    private final HttpClient http;
    private final RegistryAuthenticator authenticator;
    private final Duration responseTimeout;
    private final BodyIdleWatchdog watchdog;
    private final ObjectMapper json;

    RegistryTransport(RegistryEndpoint endpoint, HttpClient http, RegistryAuthenticator authenticator,
                      Duration responseTimeout, BodyIdleWatchdog watchdog, ObjectMapper json) {
        this.endpoint = endpoint;
        this.http = http;
        this.authenticator = authenticator;
        this.responseTimeout = responseTimeout;
        this.watchdog = watchdog;
        this.json = json;
    }

    RegistryEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The response to {@code request} after authentication and redirects; its body is the caller's to close. A
     * connection failure becomes a transient {@link RegistryException} with status 0.
     */
    HttpResponse<InputStream> exchange(RegistryRequest request) throws IOException {
        URI uri = request.uri();
        boolean authenticated = false;
        int redirects = 0;
        while (true) {
            boolean registryOrigin = sameOrigin(uri, endpoint.baseUri());
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(responseTimeout)
                    .method(request.method(), request.body().get());
            request.headers().forEach(builder::header);
            if (registryOrigin) {
                authenticator.authorization(request.access()).ifPresent(value -> builder.header("Authorization", value));
            }
            String where = ResponseBodies.describe(request.method(), uri);
            HttpResponse<InputStream> response = send(builder.build(), where);
            int status = response.statusCode();
            if (status == 401 && registryOrigin) {
                if (authenticated) {
                    String summary = ResponseBodies.errorSummary(response, json);
                    throw new RegistryException(where + " answered 401 after authenticating: the registry rejected"
                            + " the credentials for " + endpoint.host() + (summary.isEmpty() ? "" : " (" + summary
                            + ")"), 401, false, null);
                }
                ResponseBodies.discard(response);
                authenticator.authenticate(response.headers().allValues("WWW-Authenticate"), request.access(), where);
                authenticated = true;
                continue;
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (request.followRedirects() && isRedirect(status) && location.isPresent()) {
                ResponseBodies.discard(response);
                if (++redirects > MAX_REDIRECTS) {
                    throw new RegistryException(request.description() + " redirected more than " + MAX_REDIRECTS
                            + " times", status, false, null);
                }
                uri = uri.resolve(location.get());
                continue;
            }
            return response;
        }
    }

    /**
     * The exception for an unexpected status; consumes the body. 429, 408 and 5xx are transient; a
     * {@code Retry-After} is kept for the retry loop.
     */
    RegistryException failure(HttpResponse<InputStream> response, String method) {
        int status = response.statusCode();
        ResponseBodies.ErrorBody body = ResponseBodies.errorBody(response, json);
        String message = ResponseBodies.describe(method, response.uri()) + " answered " + status
                + (body.summary().isEmpty() ? "" : ": " + body.summary());
        boolean transientFailure = status == 429 || status == 408 || status >= 500
                || body.codes().contains(RegistryErrorCode.TOOMANYREQUESTS);
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(RegistryTransport::delay);
        if (transientFailure && retryAfter.isPresent()) {
            return new RetryAfterException(message, status, retryAfter.get(), body.codes());
        }
        return new RegistryException(message, status, transientFailure, null, body.codes());
    }

    private HttpResponse<InputStream> send(HttpRequest request, String where) throws IOException {
        // The handler captures the watchdog only, never this transport: a pooled connection keeps the exchange
        // that opened it, handler included, and through this transport it would keep the client's facade, which
        // the JDK must see unreachable to ever free the client (see RegistryHttpClients).
        BodyIdleWatchdog guard = watchdog;
        try {
            return http.send(request, info -> HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofInputStream(), body -> guard.guard(body, where)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + where);
        } catch (IOException e) {
            if (causedBy(e, java.nio.channels.UnresolvedAddressException.class) || causedBy(e, java.net.UnknownHostException.class)) {
                // a name that does not resolve will not resolve on a retry either
                throw new RegistryException(where + " failed: the host name " + endpoint.hostName()
                        + " does not resolve (DNS lookup failed)", 0, false, e);
            }
            if (causedBy(e, java.security.cert.CertificateException.class) && !endpoint.plainHttp()) {
                throw new RegistryException(where + " failed: the TLS certificate of " + endpoint.host() + " is not"
                        + " trusted (" + rootMessage(e) + "); give its CA with --src-ca-bundle/--dest-ca-bundle, or"
                        + " --tls-verify=false", 0, false, e);
            }
            if (causedBy(e, javax.net.ssl.SSLException.class) && !endpoint.plainHttp()) {
                throw new RegistryException(where + " failed: the TLS handshake with " + endpoint.host() + " failed ("
                        + rootMessage(e) + "); if that registry speaks plain HTTP, give --plain-http", 0, false, e);
            }
            throw new RegistryNetworkException(where + " failed: " + networkProblem(e), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** java.net.http often throws with no message (a refused connection is a bare ConnectException): say what it was. */
    static String networkProblem(IOException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
        return switch (e) {
            case java.net.ConnectException c -> "connection refused or unreachable" + message;
            case java.net.http.HttpTimeoutException t -> "timed out" + message;
            default -> e.getClass().getSimpleName() + message;
        };
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date. */
    private static Optional<Duration> delay(String value) {
        String text = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
