package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.contract.Defaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command's own {@code --help}, {@code --version}, and references that cannot be parsed. */
class HelpAndVersionTest {
    /** Each command and options its help must list; the defaults are the ones the code uses. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "convert", List.of("--to=DEST", "--tag-suffix=S", "--output-tag=T", "--span-size=BYTES", "--min-layer-size=BYTES",
                    "--platform", "--parallelism=N", "--json", "--plain-http", "--retries=N", "Default: " + Defaults.SPAN_SIZE,
                    "Default: " + Defaults.MIN_LAYER_SIZE, "Default: 4", "SOURCE"),
            "verify", List.of("--json", "--plain-http", "--retries=N", "--user", "IMAGE"),
            "ztoc build", List.of("-o, --output=OUT.ztoc", "--span-size=BYTES", "--media-type=MT", "LAYER_FILE"),
            "ztoc info", List.of("FILE"),
            "backfill", List.of("--filters", "--rate=N/s", "--state=FILE", "--dry-run", "--retries=N", "Default: *:*"),
            "bench", List.of("--only", "--work-dir=DIR", "--size-mb=MB", "--rounds=N", "--quick", "--json"),
            "demo", List.of("--dir=DIR"),
            "invoke", List.of("--event=FILE", "--registry-endpoint=HOST:PORT"));

    @Test
    void everyCommandHasItsOwnHelpWithOptionsAndDefaults() {
        OPTIONS.forEach((command, options) -> {
            List<String> argv = new java.util.ArrayList<>(List.of(command.split(" ")));
            argv.add("--help");
            Cli.Result result = Cli.run(argv.toArray(String[]::new));
            assertEquals(0, result.exit(), result::toString);
            assertEquals("", result.err());
            assertTrue(result.out().startsWith("usage: soci-builder " + command + " "), result::toString);
            for (String option : options) {
                assertTrue(result.out().contains(option), () -> command + " --help lacks " + option + "\n" + result);
            }
            if (!command.contains(" ")) {
                assertEquals(result.out(), Cli.run("help", command).out(), "help COMMAND is COMMAND --help");
            }
        });
    }

    /** Only {@code convert} writes to a second image, so only it offers options for one; the others refuse them. */
    @Test
    void destinationOptionsBelongToConvertAlone() {
        String convertHelp = Cli.run("convert", "--help").out();
        assertTrue(convertHelp.contains("--dest-creds=USER[:PASSWORD]") && convertHelp.contains("--dest-ca-bundle=FILE"),
                convertHelp);
        for (String command : List.of("verify", "backfill", "inspect", "get-file")) {
            Cli.Result help = Cli.run(command, "--help");
            assertEquals(0, help.exit(), help::toString);
            assertTrue(!help.out().contains("--dest-"), () -> command + " offers a destination option:\n" + help.out());
            Cli.Result refused = Cli.run(command, "--dest-creds", "bob:secret", "oci:/nonexistent:v1");
            assertEquals(2, refused.exit(), refused::toString);
            assertTrue(refused.err().contains("--dest-creds"), refused::toString);
        }
    }

    @Test
    void versionNamesTheProjectVersionAndTheBuildToolIdentifier() throws Exception {
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find());
        for (String[] argv : List.of(new String[] {"--version"}, new String[] {"convert", "--version"}, new String[] {"-V"})) {
            Cli.Result result = Cli.run(argv);
            assertEquals(0, result.exit(), result::toString);
            assertEquals(List.of("soci-builder " + version.group(1), "build tool identifier: " + Defaults.BUILD_TOOL_IDENTIFIER),
                    result.out().lines().toList());
        }
    }

    @Test
    void malformedReferencesAreUsageErrorsNamingTheReference() {
        for (List<String> argv : List.of(List.of("convert", "127.0.0.1:5000/Upper:v1"), List.of("convert", "ubuntu:22.04"),
                List.of("convert", "--to", "oci:", "oci:/tmp/x:v1"), List.of("verify", "127.0.0.1:5000/app:bad tag"),
                List.of("backfill", "bad_host!/repo"))) {
            Cli.Result result = Cli.run(argv.toArray(String[]::new));
            assertEquals(2, result.exit(), () -> argv + "\n" + result);
            String bad = argv.getLast().equals("oci:/tmp/x:v1") ? "oci:" : argv.getLast();
            assertTrue(result.errLines().getFirst().startsWith("soci-builder: ") && result.errLines().getFirst().contains(bad),
                    () -> argv + "\n" + result);
            assertEquals("", result.out());
        }
    }

    @Test
    void ztocBuildToADashWritesTheZtocToStdout(@TempDir Path dir) throws Exception {
        Files.write(Files.createDirectories(dir.resolve("root/etc")).resolve("hello"), "hi\n".getBytes(StandardCharsets.UTF_8));
        ExternalTool.run(dir, "tar", "-cf", "layer.tar", "-C", "root", ".");
        ExternalTool.run(dir, "gzip", "-n", "layer.tar");
        Path layer = dir.resolve("layer.tar.gz");
        Path file = dir.resolve("file.ztoc");
        assertEquals(0, Cli.run("ztoc", "build", "-o", file.toString(), layer.toString()).exit());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("ztoc", "build", "-o", "-", layer.toString()), new PrintStream(out, true),
                new PrintStream(err, true));
        assertEquals(0, exit, err::toString);
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("-> stdout"), err::toString);
    }
}
