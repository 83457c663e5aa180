package dev.sociindex.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one runner of external tools: what it returns, and that every way a tool can fail is loud and named. */
class ExternalToolTest {
    @TempDir
    Path dir;

    @Test
    void pipesBytesThroughARealTool() {
        byte[] data = "some bytes for gzip\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = ExternalTool.pipe(data, "gzip", "-6", "-n", "-c");
        assertTrue(compressed.length < data.length / 10, "gzip compressed " + compressed.length + " bytes");
        assertArrayEquals(data, ExternalTool.pipe(compressed, "gzip", "-d", "-c"));
    }

    @Test
    void runsInTheGivenDirectoryAndWritesStdoutToAFile() throws IOException {
        Files.writeString(dir.resolve("here.txt"), "x");
        assertEquals("here.txt\n", ExternalTool.bash(dir, "ls"));
        Path target = dir.resolve("out.txt");
        ExternalTool.runTo(target, List.of("printf", "%s", "to a file"));
        assertEquals("to a file", Files.readString(target));
    }

    @Test
    void aMissingToolIsAnErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> ExternalTool.run(List.of("no-such-tool-xyz", "-v")));
        assertTrue(e.getMessage().startsWith("cannot run 'no-such-tool-xyz' (is it installed?"), e.getMessage());
    }

    @Test
    void aFailingToolIsAnErrorWithItsExitCodeAndStderr() {
        IOException e = assertThrows(IOException.class, () -> ExternalTool.bash(dir, "echo broken input >&2; exit 3"));
        assertTrue(e.getMessage().contains("exited with 3: broken input"), e.getMessage());
        UncheckedIOException piped = assertThrows(UncheckedIOException.class,
                () -> ExternalTool.pipe(new byte[] {1, 2, 3}, "gzip", "-d", "-c"));
        assertTrue(piped.getMessage().startsWith("'gzip -d -c' exited with 1: gzip: stdin: not in gzip format"),
                piped.getMessage());
    }
}
