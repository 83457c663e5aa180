package dev.sociindex.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP endpoint on a free 127.0.0.1 port, for the services and failure modes that have no real component
 * here: AWS JSON and Query endpoints, a token service, redirects to storage. The faulting registry proxy uses it too.
 * A route answers each request with a {@link Reply} that the test computes, and the server records each request it
 * routes. A raw route gets the exchange itself, for faults below HTTP such as a connection cut mid-body.
 */
public final class StubHttpServer implements AutoCloseable {
    /** One request as a route saw it, body read in full. */
    public record Request(String method, URI uri, Headers headers, byte[] body) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.getFirst(name));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The answer to one request; an empty body is sent as none, which HEAD and 204/304 require. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public static Reply empty(int status) {
            return new Reply(status, Map.of(), new byte[0]);
        }

        public static Reply text(int status, String body) {
            return new Reply(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply bytes(int status, byte[] body) {
            return new Reply(status, Map.of(), body);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, Map.copyOf(more), body);
        }
    }

    /** Computes a reply; it runs on the server's thread, one call per request. */
    @FunctionalInterface
    public interface Responder {
        Reply answer(Request request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    /** A server with no routes yet (every path answers 404 until one is added). */
    public static StubHttpServer start() throws IOException {
        return new StubHttpServer();
    }

    /** A server answering every path with {@code responder}. */
    public static StubHttpServer start(Responder responder) throws IOException {
        return start().route("/", responder);
    }

    /** Answers the paths under {@code pathPrefix} (the longest matching prefix wins) and records their requests. */
    public StubHttpServer route(String pathPrefix, Responder responder) {
        server.createContext(pathPrefix, exchange -> {
            try (exchange) {
                Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                        exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
                requests.add(request);
                Reply reply = responder.answer(request);
                reply.headers().forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
                if (reply.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(reply.body());
                    }
                }
            }
        });
        return this;
    }

    /** Hands the exchanges under {@code pathPrefix} to {@code handler} as they come; nothing is recorded. */
    public StubHttpServer handleRaw(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, handler);
        return this;
    }

    /** The requests the routes answered so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public URI uri() {
        return URI.create("http://" + host());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
