package dev.sociindex.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.lambda.EmfIndexerMetrics;
import dev.sociindex.lambda.Handlers;
import dev.sociindex.lambda.IndexerHandler;
import dev.sociindex.lambda.local.LocalContext;
import dev.sociindex.lambda.Config;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.verify.ImageVerifier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Two conversions racing for one output, TLS defaults, and events that are not what the Lambda expects. */
class ConcurrencyAndSecurityTest {

    @Test
    void twoSimultaneousConversionsConvergeOnOneVerifiableOutput() throws Exception {
        try (LocalRegistry registry = LocalRegistry.startWithBasicAuth(FaultMatrixTest.USER, FaultMatrixTest.PASSWORD)) {
            TwoPlatformImage image = TwoPlatformImage.push(registry, "race/app");
            List<String> logs = java.util.Collections.synchronizedList(new ArrayList<>());
            Callable<ConversionResult> convert = () -> {
                try (RegistryImageStore store = registry.repository("race/app")) {
                    return new ImageConverter(logs::add).convert(store, "v1", store, TwoPlatformImage.OPTIONS);
                }
            };
            List<ConversionResult> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<ConversionResult>> futures = List.of(pool.submit(convert), pool.submit(convert));
                for (Future<ConversionResult> future : futures) {
                    results.add(future.get());
                }
            }
            assertEquals(results.get(0).targetDigest(), results.get(1).targetDigest(), results.toString());
            try (RegistryImageStore store = registry.repository("race/app")) {
                assertEquals(results.get(0).targetDigest(), store.resolveDigest("v1-soci").orElseThrow());
                assertEquals(List.of(), new ImageVerifier(store).verify("v1-soci").problems());
            }
            assertEquals(image.indexDigest(), results.get(0).sourceDigest());
            SecretScan.assertClean(logs, FaultMatrixTest.USER, FaultMatrixTest.PASSWORD);
        }
    }

    @Test
    void tlsIsVerifiedAndPlainHttpOnlyForLoopbackOrWhenAsked() {
        RegistryEndpoint ecr = RegistryEndpoint.forHost("123456789012.dkr.ecr.eu-west-1.amazonaws.com", false);
        assertFalse(ecr.plainHttp());
        assertEquals("https", ecr.baseUri().getScheme());
        assertFalse(RegistryEndpoint.forHost("registry.example.com:5000", false).plainHttp());
        assertFalse(RegistryEndpoint.forHost("127.0.0.2", false).plainHttp(), "only the loopback names, not a range");
        assertTrue(RegistryEndpoint.forHost("127.0.0.1:5000", false).plainHttp());
        assertTrue(RegistryEndpoint.forHost("localhost", false).plainHttp());
        assertTrue(RegistryEndpoint.forHost("[::1]:5000", false).plainHttp());
        assertTrue(RegistryEndpoint.forHost("registry.example.com", true).plainHttp());
    }

    @Test
    void eventsWithMissingOrWrongTypedFieldsFailCleanlyWithoutReachingARegistry() throws IOException {
        List<String> events = List.of("", "null", "[]", "42", "{", "{\"detail\":null}", "{\"detail\":[]}",
                "{\"detail\":\"x\"}", "{\"detail\":{\"action-type\":7,\"result\":{}}}",
                "{\"detail\":{\"action-type\":\"PUSH\",\"result\":\"SUCCESS\",\"repository-name\":[],"
                        + "\"image-digest\":\"sha256:1\"},\"account\":\"123456789012\",\"region\":\"eu-west-1\"}",
                "{\"detail\":{\"action-type\":\"PUSH\",\"result\":\"SUCCESS\",\"repository-name\":\"r\","
                        + "\"image-digest\":\"sha256:" + "a".repeat(64) + "\"},\"account\":123,\"region\":\"eu-west-1\"}",
                "{\"detail\":{\"action-type\":\"PUSH\",\"result\":\"SUCCESS\",\"repository-name\":\"r\","
                        + "\"image-digest\":\"sha256:" + "a".repeat(64) + "\"},\"account\":\"123456789012\"}",
                "[".repeat(100_000), "{\"detail\":{\"action-type\":\"" + "x".repeat(5_000_000) + "\"}}");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        IndexerHandler handler = Handlers.create(Config.fromEnvironment(Map.of()),
                (host, plainHttp, repository, credentials) -> fail("a malformed event must not open " + host),
                (source, reference, target, options) -> fail("a malformed event must not convert"),
                CredentialsProvider.anonymous(), EmfIndexerMetrics.printingTo(out), out, Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        for (String event : events) {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), response,
                    new LocalContext(Clock.systemUTC(), Duration.ofMinutes(15), out));
            JsonNode answer = json.readTree(response.toByteArray());
            String shown = event.length() > 60 ? event.substring(0, 60) + "..." : event;
            assertEquals("failed", answer.path("status").asText(), shown + " -> " + answer);
            assertTrue(answer.path("message").asText().contains("malformed"), shown + " -> " + answer);
        }
    }
}
