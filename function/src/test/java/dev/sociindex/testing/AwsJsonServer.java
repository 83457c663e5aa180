package dev.sociindex.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A local endpoint speaking the AWS JSON 1.1 protocol (POST, operation in {@code X-Amz-Target}, JSON body), for AWS
 * services that have no local implementation. It records every request and answers with what the test supplies.
 */
public final class AwsJsonServer implements AutoCloseable {
    public record Request(String target, String body) {
    }

    private final StubHttpServer server;

    public AwsJsonServer(Function<Request, String> responder) throws IOException {
        server = StubHttpServer.start(request -> new StubHttpServer.Reply(200,
                Map.of("Content-Type", "application/x-amz-json-1.1"),
                responder.apply(awsJson(request)).getBytes(StandardCharsets.UTF_8)));
    }

    public URI endpoint() {
        return server.uri();
    }

    public List<Request> requests() {
        return server.requests().stream().map(AwsJsonServer::awsJson).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private static Request awsJson(StubHttpServer.Request request) {
        return new Request(request.header("X-Amz-Target").orElse(null), request.bodyText());
    }
}
