package dev.sociindex.testing;

import dev.sociindex.bench.LocalRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy in front of a {@link LocalRegistry} that records every request and injects faults by rule:
 * canned error answers (503, 429 with Retry-After, 400), a body cut off after N bytes with the connection dropped,
 * a Range header ignored, a mount turned into a plain upload (what ECR does for unreferenced blobs), tag lists
 * served in pages, a body that stalls, ends early without an error, declares a wrong Content-Length or has one
 * byte flipped, and another path's answer served instead (a manifest that changed). Rules apply in
 * order, each a given number of times. Registry {@code Location}s are rewritten to relative paths so that follow-up
 * requests come back through the proxy.
 */
public final class TestRegistryProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** One request as the proxy received it. */
    public record SeenRequest(String method, String pathAndQuery, Map<String, List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** What a rule does to a matching request. */
    public sealed interface Fault {
        /** Answers with this status, headers and body instead of forwarding. */
        record Answer(int status, Map<String, String> headers, String body) implements Fault {
        }

        /** Forwards, then sends only the first {@code bytes} of the body (declaring the full length) and drops. */
        record CutBodyAfter(int bytes) implements Fault {
        }

        /** Forwards without the Range header: the registry answers 200 with the whole blob. */
        record IgnoreRange() implements Fault {
        }

        /** Forwards a mount POST without its mount and from parameters: the registry opens an upload session. */
        record RefuseMount() implements Fault {
        }

        /**
         * Serves {@code /tags/list} in pages of the request's {@code n} after {@code last}, with a {@code Link} to
         * the next page, as ECR and distribution 3 do. Debian's distribution 2.8.2 ignores {@code n} and answers
         * every tag at once, so pagination cannot be exercised without this.
         */
        record PaginateTags() implements Fault {
        }

        /**
         * Forwards, sends the headers (declaring the full length) and the first {@code bytes} of the body, then
         * sends nothing more until the proxy closes: a connection that stalls without failing.
         */
        record StallAfter(int bytes) implements Fault {
        }

        /** Forwards and answers the first {@code bytes} of the body as a complete (chunked) body: no error at all. */
        record Truncate(int bytes) implements Fault {
        }

        /**
         * Forwards and declares a Content-Length {@code delta} bytes off the truth, sending what fits: shorter ends
         * the body cleanly early, longer leaves the client waiting for bytes until the connection drops.
         */
        record WrongLength(int delta) implements Fault {
        }

        /** Forwards with the body's byte at {@code offset} flipped (same length, wrong content). */
        record FlipByte(int offset) implements Fault {
        }

        /** Forwards the request for {@code path} instead, e.g. another manifest's bytes for a digest. */
        record ServeInstead(String path) implements Fault {
        }
    }

    private static final class Rule {
        final Predicate<SeenRequest> matches;
        final Fault fault;
        int remaining;
        int fired;

        Rule(Predicate<SeenRequest> matches, Fault fault, int times) {
            this.matches = matches;
            this.fault = fault;
            this.remaining = times;
        }
    }

    private final StubHttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI upstream;
    private final List<Rule> rules = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final List<SeenRequest> seen = new CopyOnWriteArrayList<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();

    /** A response body the proxy sent: to which request, and how many bytes of it went out. */
    private record Served(SeenRequest request, long bodyBytes) {
    }
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestRegistryProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = StubHttpServer.start().handleRaw("/", this::handle);
    }

    /** A proxy for {@code registry}, listening on a free loopback port. */
    public static TestRegistryProxy inFrontOf(LocalRegistry registry) throws IOException {
        return new TestRegistryProxy(URI.create("http://" + registry.host()));
    }

    /** {@code 127.0.0.1:PORT} of the proxy. */
    public String host() {
        return server.host();
    }

    /** Applies {@code fault} to the next {@code times} requests that match. */
    public synchronized TestRegistryProxy on(Predicate<SeenRequest> matches, Fault fault, int times) {
        rules.add(new Rule(matches, fault, times));
        return this;
    }

    /** Matches a method and a path containing {@code pathPart}. */
    public static Predicate<SeenRequest> request(String method, String pathPart) {
        return r -> r.method().equals(method) && r.pathAndQuery().contains(pathPart);
    }

    public List<SeenRequest> seen() {
        return List.copyOf(seen);
    }

    /** How many times any rule has been applied: the faults actually injected. */
    public synchronized int faultsInjected() {
        return rules.stream().mapToInt(rule -> rule.fired).sum();
    }

    /** Forgets the requests seen so far (and their served bytes), to count from here on. */
    public void clearSeen() {
        seen.clear();
        served.clear();
    }

    /** Drops every fault rule. */
    public synchronized void clearRules() {
        rules.clear();
    }

    /** Response body bytes sent for the matching requests: what the registry served through this proxy. */
    public long bodyBytesServed(Predicate<SeenRequest> matches) {
        return served.stream().filter(s -> matches.test(s.request())).mapToLong(Served::bodyBytes).sum();
    }

    public long count(Predicate<SeenRequest> matches) {
        return seen.stream().filter(matches).count();
    }

    private synchronized Optional<Fault> faultFor(SeenRequest request) {
        for (Rule rule : rules) {
            if (rule.remaining > 0 && rule.matches.test(request)) {
                rule.remaining--;
                rule.fired++;
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            SeenRequest request = new SeenRequest(exchange.getRequestMethod(), pathAndQuery,
                    Map.copyOf(exchange.getRequestHeaders()));
            seen.add(request);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Fault fault = faultFor(request).orElse(null);
            if (fault instanceof Fault.Answer answer) {
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] bytes = answer.body().getBytes();
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            if (fault instanceof Fault.PaginateTags) {
                servePageOfTags(exchange, request);
                return;
            }
            String target = switch (fault) {
                case Fault.RefuseMount refuse -> withoutMount(pathAndQuery);
                case Fault.ServeInstead instead -> instead.path();
                case null, default -> pathAndQuery;
            };
            HttpResponse<InputStream> response = forward(exchange, request, target, body,
                    fault instanceof Fault.IgnoreRange);
            relay(exchange, request, response, fault);
        }
    }

    private HttpResponse<InputStream> forward(HttpExchange exchange, SeenRequest request, String target, byte[] body,
                                              boolean dropRange) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(upstream.resolve(target))
                .method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !(dropRange && lower.equals("range"))) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    private void relay(HttpExchange exchange, SeenRequest request, HttpResponse<InputStream> response, Fault fault)
            throws IOException {
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower)) {
                return;
            }
            for (String value : values) {
                exchange.getResponseHeaders().add(name, lower.equals("location") ? relative(value) : value);
            }
        });
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            boolean head = request.method().equals("HEAD");
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(bytes.length);
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(declared));
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            if (fault instanceof Fault.FlipByte flip && flip.offset() < bytes.length) {
                bytes[flip.offset()] ^= 0x01;
            }
            OutputStream out = exchange.getResponseBody();
            switch (fault) {
                case Fault.Truncate truncate when truncate.bytes() < bytes.length -> {
                    exchange.sendResponseHeaders(response.statusCode(), 0); // chunked: the end looks regular
                    out.write(bytes, 0, truncate.bytes());
                }
                case Fault.WrongLength wrong when bytes.length + wrong.delta() > 0 -> {
                    int length = bytes.length + wrong.delta();
                    exchange.sendResponseHeaders(response.statusCode(), length);
                    out.write(bytes, 0, Math.min(length, bytes.length));
                    out.flush();
                }
                case Fault.StallAfter stall when stall.bytes() < bytes.length -> {
                    exchange.sendResponseHeaders(response.statusCode(), bytes.length);
                    out.write(bytes, 0, stall.bytes());
                    out.flush();
                    awaitClosing();
                }
                case Fault.CutBodyAfter cut when cut.bytes() < bytes.length -> {
                    exchange.sendResponseHeaders(response.statusCode(), bytes.length);
                    // Closing the exchange with fewer bytes than declared drops the connection mid-body.
                    out.write(bytes, 0, cut.bytes());
                    out.flush();
                }
                case null, default -> {
                    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                    out.write(bytes);
                    served.add(new Served(request, bytes.length));
                }
            }
        }
    }

    /** A stalled answer holds its connection until the proxy closes (bounded, so a forgotten proxy cannot leak). */
    private void awaitClosing() {
        try {
            closing.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void servePageOfTags(HttpExchange exchange, SeenRequest request) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        HttpResponse<InputStream> all = forward(exchange, request, path, new byte[0], false);
        JsonNode body;
        try (InputStream in = all.body()) {
            body = json.readTree(in);
        }
        List<String> tags = new ArrayList<>();
        body.path("tags").forEach(tag -> tags.add(tag.asText()));
        Collections.sort(tags);
        String last = query.getOrDefault("last", "");
        int size = Integer.parseInt(query.getOrDefault("n", "100"));
        List<String> after = tags.stream().filter(tag -> tag.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(size, after.size()));
        if (after.size() > page.size()) {
            exchange.getResponseHeaders().add("Link", "<" + path + "?last=" + page.getLast() + "&n=" + size
                    + ">; rel=\"next\"");
        }
        ObjectNode answer = json.createObjectNode().put("name", body.path("name").asText());
        page.forEach(answer.putArray("tags")::add);
        byte[] bytes = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private String relative(String location) {
        URI uri = URI.create(location);
        if (uri.getRawAuthority() != null && uri.getRawAuthority().equals(upstream.getRawAuthority())) {
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        return location;
    }

    private static String withoutMount(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        return question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    }

    @Override
    public void close() {
        closing.countDown();
        server.close();
        http.close();
    }
}
