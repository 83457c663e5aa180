package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.convert.Converter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {
    private final Harness harness = new Harness();

    @Test
    void noConversionStartsWhenLessThanTheMarginIsLeft() {
        harness.invocationTimeout = Duration.ofSeconds(59);
        AtomicInteger conversions = new AtomicInteger();
        IndexerHandler handler = harness.handler((s, r, t, o) -> {
            conversions.incrementAndGet();
            throw new AssertionError("not reached");
        });

        TimeBudgetExceededException e = assertThrows(TimeBudgetExceededException.class,
                () -> harness.invoke(handler, TestEvents.file("push-tagged-single-arch.json")));

        assertTrue(e.getMessage().contains("not starting the conversion: 59000 ms of invocation time left, below the"
                + " safety margin of 60000 ms"), e.getMessage());
        assertEquals(0, conversions.get());
        assertTrue(harness.opened.isEmpty());
        assertTrue(harness.printed.lines().stream().noneMatch(l -> l.contains("dlqRecord")),
                "a transient failure is not a DLQ record");
    }

    @Test
    void theConverterIsStoppedBeforeTheNextBlobOnceTheBudgetRunsOut() throws Exception {
        harness.invocationTimeout = Duration.ofMinutes(10);
        String layer = Harness.digest('a');
        AtomicInteger layersRead = new AtomicInteger();
        Converter converter = (source, reference, target, options) -> {
            source.putBlob(layer, "layer".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                try (InputStream in = source.openBlob(layer, 5)) {
                    in.readAllBytes();
                }
                layersRead.incrementAndGet();
                harness.clock.advance(Duration.ofSeconds(285)); // 10 min left, then 5:15, then 0:30 (below 1:00)
            }
            throw new AssertionError("the third blob must not be opened");
        };

        TimeBudgetExceededException e = assertThrows(TimeBudgetExceededException.class,
                () -> harness.invoke(harness.handler(converter), TestEvents.file("push-tagged-single-arch.json")));

        assertEquals(2, layersRead.get());
        assertTrue(e.getMessage().contains("not opening blob " + layer), e.getMessage());
        assertTrue(harness.stores.getFirst().closed(), "the store is closed on the way out");
    }

    @Test
    void aMarginOfZeroNeverStopsWork() throws Exception {
        harness.config = Config.fromEnvironment(java.util.Map.of("SOCI_TIME_BUDGET_MARGIN_SECONDS", "0"));
        harness.invocationTimeout = Duration.ofSeconds(1);

        var response = harness.invoke(harness.handler((s, reference, t, o) -> Harness.converted(reference,
                Harness.digest('f'))), TestEvents.file("push-tagged-single-arch.json"));

        assertEquals("indexed", response.path("status").asText());
    }
}
