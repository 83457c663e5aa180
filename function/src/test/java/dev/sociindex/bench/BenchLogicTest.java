package dev.sociindex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bench's own arithmetic and bookkeeping: corpus slicing, heap limits, option parsing, table layout. */
class BenchLogicTest {

    private static Corpus.SourceFile file(String name, long size) {
        return new Corpus.SourceFile(Path.of("/usr/lib", name), size);
    }

    @Test
    void slicesAreConsecutiveAndSkipFilesLargerThanAQuarter() {
        Corpus corpus = new Corpus(List.of(file("a", 20), file("b", 500), file("c", 25), file("d", 25), file("e", 25),
                file("f", 10), file("g", 26), file("h", 25), file("i", 25), file("j", 25), file("k", 25), file("l", 5)));
        List<List<Corpus.SourceFile>> slices = corpus.slices(2, 100);
        assertEquals(List.of(
                List.of(file("a", 20), file("c", 25), file("d", 25), file("e", 25), file("f", 10)),
                List.of(file("h", 25), file("i", 25), file("j", 25), file("k", 25))), slices);
    }

    @Test
    void tooFewFilesForTheSlicesIsAnError() {
        Corpus corpus = new Corpus(List.of(file("a", 20), file("b", 20)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> corpus.slices(1, 100));
        assertTrue(e.getMessage().contains("1 x 100 bytes"), e.getMessage());
    }

    @Test
    void heapLimitIsTheClaimPlusAKibPerFileAndNothingForTheWindows() {
        long fourGb = 4_000_000_000L;
        long files = fourGb / SyntheticLayer.MEAN_FILE_BYTES + 1;
        long expected = (64L << 20) + files * 1024;
        long xmx = MemoryBench.xmxFor(fourGb);
        assertTrue(xmx >= expected && xmx - expected < 1 << 20, xmx + " vs " + expected);
        assertEquals(0, xmx % (1 << 20));
    }

    @Test
    void partsParseByLabelAndDefaultToAll() {
        assertEquals(BenchOptions.Part.COLDSTART, BenchOptions.Part.parse("coldstart"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.Part.parse("disk"));
        BenchOptions all = new BenchOptions(Path.of("/tmp/x"), 600, 4, false, false, Set.of());
        assertEquals(EnumSet.allOf(BenchOptions.Part.class), all.parts());
        assertEquals(600_000_000L, all.corpusBytes());
        BenchOptions quick = new BenchOptions(Path.of("/tmp/x"), 600, 4, true, false, Set.of(BenchOptions.Part.LAYERS));
        assertEquals(BenchOptions.QUICK_SIZE_MB * 1_000_000, quick.corpusBytes());
    }

    @Test
    void tableAlignsNumbersRightAndNamesLeft() {
        String table = new TextTable("name", "value").row("a", "1.50").row("longer name", "12").render();
        assertEquals("""
                name         value
                ------------------
                a             1.50
                longer name     12
                """, table);
    }
}
