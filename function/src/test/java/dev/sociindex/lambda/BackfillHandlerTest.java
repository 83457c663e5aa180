package dev.sociindex.lambda;

import dev.sociindex.report.Json;
import dev.sociindex.lambda.local.LocalContext;

import dev.sociindex.files.FileTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.backfill.RegistryCatalog;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one-off backfill entry point over the configured filters, against the real registry. */
class BackfillHandlerTest {
    private static Path layout;
    private static LocalRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        layout = Files.createTempDirectory("backfill-handler").resolve("layout");
        byte[] data = new byte[150_000];
        new Random(11).nextBytes(data);
        OciImages.create(layout, "img", "amd64", List.of(Map.of("opt/data.bin", data)));
        registry = LocalRegistry.start();
        for (String repository : List.of("team/api", "team/web", "late/one")) {
            registry.push(layout, "img", repository, "1.0");
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        registry.close();
        FileTrees.deleteTree(layout.getParent());
    }

    private static JsonNode invoke(String payload, Duration timeout, List<String> repositories) throws IOException {
        Config config = Config.fromEnvironment(Map.of(ConfigKeys.FILTERS, "team/*:*,late/*:*", ConfigKeys.MIN_LAYER_SIZE, "0"));
        BackfillHandler handler = new BackfillHandler(context -> new BackfillHandler.Wiring(config,
                new RegistryCatalog(repositories, registry::repository), registry::repository, new ImageConverter(), Clock.systemUTC()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext(Clock.systemUTC(), timeout, new PrintStream(new ByteArrayOutputStream())));
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void aDryRunPlansThenARunConvertsThenAnotherFindsEverythingDone() throws IOException {
        JsonNode dry = invoke("{\"dryRun\":true}", Duration.ofMinutes(15), List.of("team/api", "team/web"));
        assertEquals(2, dry.path("would convert").asInt(), dry.toString());
        assertEquals(List.of("1.0"), registry.repository("team/api").listTags());

        JsonNode run = invoke("{}", Duration.ofMinutes(15), List.of("team/api", "team/web"));
        assertEquals(2, run.path("converted").asInt(), run.toString());
        assertTrue(registry.repository("team/web").listTags().contains("1.0-soci"));

        JsonNode again = invoke("{}", Duration.ofMinutes(15), List.of("team/api", "team/web"));
        assertEquals(0, again.path("converted").asInt(), again.toString());
        assertEquals(2, again.path("already").asInt(), again.toString());
        assertEquals(2, again.path("skipped").asInt(), "the two output tags: " + again);
    }

    @Test
    void noConversionStartsWhenTheInvocationsTimeIsNearlyUp() throws IOException {
        JsonNode run = invoke("{}", Config.DEFAULT_TIME_BUDGET_MARGIN.minusSeconds(1), List.of("late/one"));
        assertEquals(1, run.path("not attempted").asInt(), run.toString());
        assertEquals("late/one:1.0", run.path("details").get(0).path("image").asText());
        assertEquals(List.of("1.0"), registry.repository("late/one").listTags());
    }
}
