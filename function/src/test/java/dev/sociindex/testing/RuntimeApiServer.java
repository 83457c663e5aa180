package dev.sociindex.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API ({@code 2018-06-01}) on 127.0.0.1, as a runtime client sees it inside Lambda: it long-polls
 * {@code invocation/next} for events, posts each one's {@code response} or {@code error}, and reports a failed
 * initialisation to {@code init/error}. The test queues events with {@link #invoke} and waits for their results.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the runtime client posted for one invocation (or for the init phase). */
    public record Result(String requestId, boolean error, String errorType, String body, Instant at) {
    }

    private record Invocation(String requestId, byte[] event, Duration timeout) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();
    private final CompletableFuture<Result> initError = new CompletableFuture<>();
    private final String functionArn;
    private volatile boolean closed;

    public RuntimeApiServer(String functionArn) throws IOException {
        this.functionArn = functionArn;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code 127.0.0.1:PORT}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event; the future completes when the runtime client posts its response or error. */
    public CompletableFuture<Result> invoke(String requestId, byte[] event, Duration functionTimeout) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        results.put(requestId, result);
        pending.add(new Invocation(requestId, event, functionTimeout));
        return result;
    }

    /** Completes when the runtime client reports that the function could not initialise. */
    public CompletableFuture<Result> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(result("init", true, exchange, body));
                answer(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                CompletableFuture<Result> result = parts.length == 3 ? results.get(parts[1]) : null;
                if (result == null || !(parts[2].equals("response") || parts[2].equals("error"))) {
                    answer(exchange, 400, "{\"errorMessage\":\"unknown invocation " + path + "\"}");
                    return;
                }
                result.complete(result(parts[1], parts[2].equals("error"), exchange, body));
                answer(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                answer(exchange, 404, "{\"errorMessage\":\"no such Runtime API path " + path + "\"}");
            }
        }
    }

    private static Result result(String requestId, boolean error, HttpExchange exchange, byte[] body) {
        String errorType = Optional.ofNullable(exchange.getRequestHeaders()
                .getFirst("Lambda-Runtime-Function-Error-Type")).orElse("");
        return new Result(requestId, error, errorType, new String(body, StandardCharsets.UTF_8), Instant.now());
    }

    /** The long poll: waits for the next event for as long as the server runs, as the real API does. */
    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = pending.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            answer(exchange, 500, "{\"errorMessage\":\"the Runtime API is shutting down\"}");
            return;
        }
        long deadline = Instant.now().plus(invocation.timeout()).toEpochMilli();
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-00000000-" + String.format("%024x", invocation.requestId().hashCode() & 0xffffffffL)
                        + ";Sampled=0");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
