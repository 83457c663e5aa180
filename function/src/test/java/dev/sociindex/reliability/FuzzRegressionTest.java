package dev.sociindex.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-suite share of the fuzzing: a fixed seed and a fixed number of executions per target, so the same inputs
 * run every time. The long runs go through {@link FuzzMain} by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzRegressionTest {
    private static final long SEED = 7;
    private static final long EXECUTIONS_PER_TARGET = 600;

    private Map<FuzzTarget, List<byte[]>> corpus;

    @BeforeAll
    void buildCorpus() throws Exception {
        corpus = FuzzCorpus.build();
    }

    @Test
    void theSeedCorpusIsAcceptedAsItIs() throws Throwable {
        for (Map.Entry<FuzzTarget, List<byte[]>> entry : corpus.entrySet()) {
            assertTrue(entry.getValue().size() >= 2, entry.getKey() + " has a corpus");
            for (byte[] seed : entry.getValue()) {
                entry.getKey().run(seed);
            }
        }
    }

    @Test
    void aFixedSeedRunFindsNothingOutsideTheDocumentedErrors() {
        FuzzCampaign.Report report = new FuzzCampaign(corpus).run(List.of(FuzzTarget.values()), SEED,
                EXECUTIONS_PER_TARGET, Instant.MAX);
        assertEquals(List.of(), report.findings().stream().map(FuzzCampaign::describe).toList());
        assertEquals(EXECUTIONS_PER_TARGET * FuzzTarget.values().length, report.total());
    }
}
