package dev.sociindex.registry;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request to send through {@link RegistryTransport}.
 *
 * @param body            a fresh publisher per send: a 401 or redirect sends the request again
 * @param access          what the request needs, e.g. {@code repository:app:pull}; Bearer tokens are cached per
 *                        access so that reads and writes each keep their own token
 * @param followRedirects follow 3xx {@code Location}s (blob GETs; never uploads)
 */
record RegistryRequest(String method, URI uri, Map<String, String> headers, Supplier<BodyPublisher> body,
                       String access, boolean followRedirects) {

    RegistryRequest {
        headers = Map.copyOf(headers);
    }

    static RegistryRequest get(URI uri, Map<String, String> headers, String access) {
        return new RegistryRequest("GET", uri, headers, BodyPublishers::noBody, access, true);
    }

    static RegistryRequest head(URI uri, Map<String, String> headers, String access) {
        return new RegistryRequest("HEAD", uri, headers, BodyPublishers::noBody, access, false);
    }

    static RegistryRequest post(URI uri, String access) {
        return new RegistryRequest("POST", uri, Map.of(), BodyPublishers::noBody, access, false);
    }

    static RegistryRequest put(URI uri, String contentType, Supplier<BodyPublisher> body, String access) {
        return new RegistryRequest("PUT", uri, Map.of("Content-Type", contentType), body, access, false);
    }

    String description() {
        return ResponseBodies.describe(method, uri);
    }
}
