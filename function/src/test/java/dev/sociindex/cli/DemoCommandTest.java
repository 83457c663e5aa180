package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @Test
    void runsItsThreeStepsAndLeavesALayoutThatVerifyAccepts(@TempDir Path dir) {
        Cli.Result demo = Cli.run("demo", "--dir", dir.toString());
        assertEquals(0, demo.exit(), demo::toString);
        List<String> lines = demo.out().lines().toList();
        for (String step : List.of("1. writing a sample image", "2. converting it", "3. verifying oci:" + dir + ":demo-soci")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(step)), () -> "no step '" + step + "' in\n" + demo);
        }
        assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("ok: 1 SOCI index, 2 zTOCs")), demo::toString);

        Cli.Result verify = Cli.run("verify", "oci:" + dir + ":demo-soci");
        assertEquals(0, verify.exit(), verify::toString);
        Cli.Result again = Cli.run("convert", "--json", "oci:" + dir + ":demo");
        assertTrue(again.out().contains("\"status\":\"already-converted\""), again::toString);

        Cli.Result twice = Cli.run("demo", "--dir", dir.toString());
        assertEquals(0, twice.exit(), twice::toString);
        assertTrue(twice.out().lines().anyMatch(l -> l.strip().startsWith("ok: 1 SOCI index")), twice::toString);
    }
}
