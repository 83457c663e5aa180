package dev.sociindex.lambda;

import dev.sociindex.lambda.local.LocalInvoke;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.contract.Defaults;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local invocation prints everything a Lambda run would send elsewhere, as JSON lines on one stream. */
class LocalInvokeTest {
    private final Harness harness = new Harness();
    private final CapturedOutput out = new CapturedOutput();

    private static final String DIGEST = "sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234abcd";

    @Test
    void anIndexedImagePrintsLogsWithTheImageOnEveryLineThenMetricsAndTheCompletionEvent() throws IOException {
        LocalInvoke local = new LocalInvoke(harness.storeFactory(),
                (source, reference, target, options) -> Harness.converted(reference, Harness.digest('e')),
                CredentialsProvider.anonymous());

        int exit = local.run(TestEvents.file("push-tagged-single-arch.json"), "127.0.0.1:5000", true, out.stream);

        assertEquals(LocalInvoke.EXIT_OK, exit);
        assertEquals(List.of("http://127.0.0.1:5000/team/web-app"), harness.opened);
        List<JsonNode> lines = out.json();
        List<JsonNode> logs = lines.stream().filter(l -> l.has("level")).toList();
        assertTrue(logs.size() >= 2, "the indexing and outcome lines: " + out.lines());
        String requestId = logs.getFirst().path("function_request_id").asText();
        assertTrue(requestId.matches("[0-9a-f-]{36}"), requestId);
        for (JsonNode log : logs) {
            assertEquals(requestId, log.path("function_request_id").asText(), log.toString());
            assertEquals("team/web-app", log.path("repository").asText(), log.toString());
            assertEquals(DIGEST, log.path("digest").asText(), log.toString());
            assertEquals("v1.4.2", log.path("tag").asText(), log.toString());
        }
        assertTrue(logs.stream().anyMatch(l -> "indexed".equals(l.path("outcome").asText())));
        assertFalse(out.emfBlobs().isEmpty(), "EMF lines on the same stream");
        JsonNode completion = lines.stream().filter(l -> l.has("detail-type")).findFirst()
                .orElseThrow(() -> new AssertionError("no completion event in " + out.lines()));
        assertEquals(Defaults.COMPLETION_DETAIL_TYPE, completion.path("detail-type").asText());
        assertEquals(Defaults.EVENT_SOURCE, completion.path("source").asText());
        assertEquals("v1.4.2-soci", completion.path("detail").path("outputTag").asText());
        assertEquals("indexed", lines.getLast().path("status").asText(), "the handler's response comes last");
    }

    @Test
    void aBareLoopbackEndpointIsPlainHttpLikeTheEnvironmentOverrideAndOthersAreHttps() throws IOException {
        LocalInvoke local = new LocalInvoke(harness.storeFactory(),
                (source, reference, target, options) -> Harness.converted(reference, Harness.digest('e')),
                CredentialsProvider.anonymous());

        local.run(TestEvents.file("push-tagged-single-arch.json"), "127.0.0.1:5000", false, out.stream);
        local.run(TestEvents.file("push-tagged-single-arch.json"), "registry.example.com:5000", false, out.stream);
        local.run(TestEvents.file("push-tagged-single-arch.json"), "http://registry.example.com", false, out.stream);

        assertEquals(List.of("http://127.0.0.1:5000/team/web-app", "https://registry.example.com:5000/team/web-app",
                "http://registry.example.com/team/web-app"), harness.opened);
    }

    @Test
    void aMalformedEventPrintsTheDlqRecordAndExitsWithThePermanentFailureCode() throws IOException {
        LocalInvoke local = new LocalInvoke(harness.storeFactory(), (s, r, t, o) -> {
            throw new AssertionError("not reached");
        }, CredentialsProvider.anonymous());

        Path eventFile = TestEvents.file("malformed-missing-detail.json");

        int exit = local.run(eventFile, null, false, out.stream);

        assertEquals(LocalInvoke.EXIT_PERMANENT_FAILURE, exit);
        JsonNode record = out.json().stream().filter(l -> l.has("dlqRecord")).findFirst()
                .orElseThrow(() -> new AssertionError("no DLQ record in " + out.lines())).path("dlqRecord");
        assertEquals("MalformedEventException", record.path("errorType").asText());
        assertEquals(Files.readString(eventFile), record.path("originalEvent").asText());
    }

    @Test
    void aTransientFailureExitsWithTheRetryCode() throws IOException {
        LocalInvoke local = new LocalInvoke(harness.storeFactory(), (s, r, t, o) -> {
            throw new RegistryException("registry answered 502", 502, true, null);
        }, CredentialsProvider.anonymous());

        int exit = local.run(TestEvents.file("push-tagged-single-arch.json"), "127.0.0.1:5000", true, out.stream);

        assertEquals(LocalInvoke.EXIT_TRANSIENT_FAILURE, exit);
        assertTrue(out.lines().getLast().startsWith("transient failure, Lambda would retry this event: "
                + "dev.sociindex.registry.RegistryException: registry answered 502"), out.lines().getLast());
    }

    @Test
    void aMissingEventFileIsTheCallersErrorNotAFailedEvent() {
        LocalInvoke local = new LocalInvoke(harness.storeFactory(), (s, r, t, o) -> {
            throw new AssertionError("not reached");
        }, CredentialsProvider.anonymous());
        Path missing = TestEvents.directory().resolve("no-such-event.json");

        assertThrows(java.nio.file.NoSuchFileException.class, () -> local.run(missing, null, false, out.stream));
        assertTrue(out.lines().isEmpty(), out.lines().toString());
    }
}
