package dev.sociindex.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.testing.TarHeaderBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the archive ends, and so what uncompressed_archive_size is: Go's rules, on a real GNU tar archive. */
class TarReaderEndOfArchiveTest {
    @TempDir
    Path temp;

    /** A GNU tar archive: ./ , ./a (10 bytes), ./b (600 bytes), end blocks, record padding. */
    private byte[] archive;
    private long endOfEntries;

    @BeforeEach
    void createArchive() throws Exception {
        ExternalTool.bash(temp, """
                mkdir t
                printf '0123456789' > t/a
                head -c 600 /dev/zero | tr '\\0' 'b' > t/b
                tar --format=gnu --sort=name -cf t.tar -C t .
                """);
        archive = Files.readAllBytes(temp.resolve("t.tar"));
        OracleComparison.Result complete = OracleComparison.readAndCompare(temp.resolve("t.tar"));
        endOfEntries = complete.position() - 1024;
        assertEquals(3 * 512 + 512 + 1024, endOfEntries, "dir header, a + 1 block, b + 2 blocks");
    }

    @Test
    void emptyStreamIsAnEmptyArchive() throws Exception {
        OracleComparison.Result result = OracleComparison.readAll(new byte[0]);
        assertEquals(0, result.entries().size());
        assertEquals(0, result.position());
    }

    @Test
    void endOfStreamAtAHeaderBoundaryEndsTheArchive() throws Exception {
        OracleComparison.Result result = OracleComparison.readAll(Arrays.copyOf(archive, (int) endOfEntries));
        assertEquals(3, result.entries().size());
        assertEquals(endOfEntries, result.position());
    }

    @Test
    void singleZeroBlockThenEndOfStreamEndsTheArchive() throws Exception {
        OracleComparison.Result result = OracleComparison.readAll(Arrays.copyOf(archive, (int) endOfEntries + 512));
        assertEquals(3, result.entries().size());
        assertEquals(endOfEntries + 512, result.position());
    }

    @Test
    void endOfStreamInsideThePaddingEndsTheArchive() throws Exception {
        // Go reads padding with tryReadFull and returns its io.EOF from Next: a clean end, not a truncation.
        long cut = endOfEntries - 1024 + 600 + 100;
        OracleComparison.Result result = OracleComparison.readAll(Arrays.copyOf(archive, (int) cut));
        assertEquals(3, result.entries().size());
        assertEquals(cut, result.position());
    }

    @Test
    void nothingAfterTheTwoZeroBlocksIsRead() throws Exception {
        byte[] withGarbage = TarHeaderBuilder.concat(Arrays.copyOf(archive, (int) endOfEntries + 1024),
                "garbage that is not a header".getBytes());
        OracleComparison.Result result = OracleComparison.readAll(withGarbage);
        assertEquals(endOfEntries + 1024, result.position());
    }
}
