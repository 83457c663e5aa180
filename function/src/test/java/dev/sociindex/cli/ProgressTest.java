package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What convert prints on stderr while it works: CI log lines, nothing (--quiet), every step, or a terminal bar. */
class ProgressTest {
    private static final Pattern START = Pattern.compile("layer sha256:[0-9a-f]{12} \\d+\\.\\d MB: indexing");
    private static final Pattern END = Pattern.compile(
            "layer sha256:[0-9a-f]{12} \\d+\\.\\d MB: indexed in \\d+\\.\\d s \\(\\d+\\.\\d MB/s\\), \\d+ files, \\d+ spans");

    @TempDir
    static Path work;
    static Path layout;
    static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        layout = CliImages.create(work.resolve("layout"));
        registry = LocalRegistry.start();
        registry.push(layout, "v1", "app", "v1");
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    private static Cli.Result convert(String tag, String... options) {
        List<String> argv = new ArrayList<>(List.of("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--span-size",
                CliImages.SPAN_SIZE, "--output-tag", tag));
        argv.addAll(List.of(options));
        argv.add(registry.host() + "/app:v1");
        return Cli.run(argv.toArray(String[]::new));
    }

    @Test
    void withoutATerminalEachLayerGetsAStartAndAnEndLine() {
        Cli.Result result = convert("lines");
        assertEquals(0, result.exit(), result::toString);
        List<String> lines = result.errLines();
        assertEquals(2, lines.size(), result::toString);
        assertTrue(START.matcher(lines.get(0)).matches(), lines.get(0));
        assertTrue(END.matcher(lines.get(1)).matches(), lines.get(1));
        assertTrue(result.out().startsWith("converted "), result::toString);
    }

    @Test
    void quietPrintsNothingAndVerboseEveryStep() {
        Cli.Result quiet = convert("quiet", "--quiet");
        assertEquals("", quiet.err(), quiet::toString);
        Cli.Result verbose = convert("verbose", "--verbose");
        assertTrue(verbose.err().contains("indexing layer sha256:") && verbose.err().contains("tagged "), verbose::toString);
        assertTrue(verbose.errLines().stream().anyMatch(l -> END.matcher(l).matches()), verbose::toString);
        assertEquals(2, Cli.run("convert", "-q", "-v", "oci:" + layout + ":v1").exit());
    }

    @Test
    void eachRetryIsALineWithItsCause() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Cli.Result result = Cli.run("convert", "--retries", "2", "127.0.0.1:" + closedPort + "/app:v1");
        assertEquals(1, result.exit(), result::toString);
        List<String> lines = result.errLines();
        assertEquals(3, lines.size(), result::toString);
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertTrue(lines.get(attempt - 1).matches("retry " + attempt + " of 2 in \\d+\\.\\d s: GET manifest v1 of 127\\.0\\.0\\.1:"
                    + closedPort + "/app: .*connection refused.*"), lines.get(attempt - 1));
        }
        assertTrue(lines.get(2).contains("after 3 attempts"), lines.get(2));
    }

    /** Under a pseudo-terminal (util-linux script), through a throttled proxy so the bar is drawn several times. */
    @Test
    void aTerminalGetsABarPerLayerRedrawnInPlace() throws Exception {
        try (ThrottledTcpProxy proxy = new ThrottledTcpProxy(registry.port(), 1_000_000)) {
            String command = ProcessHandle.current().info().command().orElseThrow() + " -cp " + System.getProperty("java.class.path")
                    + " " + Main.class.getName() + " convert --min-layer-size " + CliImages.MIN_LAYER_SIZE + " --output-tag bar "
                    + proxy.host() + "/app:v1";
            Path typescript = work.resolve("typescript");
            Process script = new ProcessBuilder("script", "-q", "-e", "-f", "-c", command, typescript.toString())
                    .redirectErrorStream(true).start();
            script.getOutputStream().close();
            script.getInputStream().readAllBytes();
            assertTrue(script.waitFor(120, TimeUnit.SECONDS));
            String seen = Files.readString(typescript, StandardCharsets.UTF_8);
            assertEquals(0, script.exitValue(), seen);
            long redraws = Pattern.compile("\r(sha256:[0-9a-f]{12}) \\[#* *] \\d+\\.\\d/\\d+\\.\\d MB").matcher(seen).results().count();
            assertTrue(redraws >= 3, () -> redraws + " bar redraws in:\n" + seen);
            java.util.regex.Matcher total = Pattern.compile("] \\d+\\.\\d/(\\d+\\.\\d) MB").matcher(seen);
            assertTrue(total.find(), seen);
            assertTrue(seen.contains(" " + total.group(1) + " MB: indexed in "), "bytes done of the layer's total:\n" + seen);
            assertTrue(seen.lines().anyMatch(l -> END.matcher(l.replaceAll(".*\u001b\\[K", "").strip()).matches()), seen);
        }
    }
}
