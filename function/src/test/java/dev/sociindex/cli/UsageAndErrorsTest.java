package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.LocalRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors exit 2 with the usage text; runtime failures exit 1 with one line naming the input. */
class UsageAndErrorsTest {

    @Test
    void helpGoesToStdoutWithExitZero() {
        Cli.Result result = Cli.run("--help");
        assertEquals(0, result.exit());
        assertTrue(result.out().startsWith("usage: soci-builder <command>"));
        for (String command : List.of("ztoc build", "ztoc info", "convert", "verify", "demo", "invoke")) {
            assertTrue(result.out().contains("  " + command), command);
        }
    }

    @Test
    void unknownCommandsOptionsAndMissingArgumentsExitTwoWithUsage() {
        for (List<String> argv : List.<List<String>>of(List.of(), List.of("transmogrify"), List.of("convert", "--colour", "x"),
                List.of("convert"), List.of("convert", "a", "b"), List.of("verify", "--json=yes", "x"),
                List.of("ztoc"), List.of("ztoc", "list"), List.of("ztoc", "build", "layer.tgz"),
                List.of("invoke"), List.of("convert", "--user", "nobody", "x"))) {
            Cli.Result result = Cli.run(argv.toArray(String[]::new));
            assertEquals(2, result.exit(), () -> argv + "\n" + result);
            assertTrue(result.err().startsWith("soci-builder: "), () -> argv + "\n" + result);
            assertTrue(result.err().contains("usage: soci-builder <command>"), () -> argv + "\n" + result);
            assertEquals("", result.out());
        }
        assertEquals("soci-builder: unknown option --colour", Cli.run("convert", "--colour", "x").errLines().get(0));
        assertEquals("soci-builder: unknown command 'transmogrify'", Cli.run("transmogrify").errLines().get(0));
    }

    @Test
    void anUnreachableRegistryFailsWithOneLineNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String image = "127.0.0.1:" + closedPort + "/app:v1";
        Cli.Result result = Cli.run("convert", "--retries", "0", image);
        assertEquals(1, result.exit(), result::toString);
        assertEquals(1, result.errLines().size(), result::toString);
        String line = result.errLines().get(0);
        assertTrue(line.startsWith("soci-builder convert: "), line);
        assertTrue(line.contains("127.0.0.1:" + closedPort) && line.contains("after 1 attempts"), line);
        assertFalse(line.contains("\tat "), line);
    }

    @Test
    void aMissingTagOrLayoutFailsWithOneLineNamingIt(@TempDir Path dir) throws Exception {
        try (LocalRegistry registry = LocalRegistry.start()) {
            String image = registry.host() + "/nothing:here";
            Cli.Result result = Cli.run("convert", image);
            assertEquals(1, result.exit(), result::toString);
            assertEquals(1, result.errLines().size(), result::toString);
            assertTrue(result.err().contains("nothing") && result.err().contains("here"), result::toString);
        }
        Path missing = dir.resolve("absent");
        Cli.Result layout = Cli.run("verify", "oci:" + missing + ":v1");
        assertEquals(1, layout.exit(), layout::toString);
        assertEquals(1, layout.errLines().size(), layout::toString);
        assertTrue(layout.err().startsWith("soci-builder verify: ") && layout.err().contains(missing.toString()),
                layout::toString);
    }
}
