package dev.sociindex.cli;

import dev.sociindex.files.FileTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.testing.OciImages;
import dev.sociindex.bench.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code soci-builder backfill} against the real registry with several repositories and tags. */
class BackfillCommandTest {
    private static final String MIN_LAYER = "100000";
    private static Path layout;
    private static LocalRegistry registry;

    @BeforeAll
    static void setUp() throws IOException, InterruptedException {
        layout = Files.createTempDirectory("backfill").resolve("layout");
        Random random = new Random(5);
        OciImages.create(layout, "big", "amd64", List.of(Map.of("opt/data.bin", bytes(random, 200_000))));
        OciImages.create(layout, "big2", "amd64", List.of(Map.of("opt/other.bin", bytes(random, 200_000))));
        OciImages.create(layout, "tiny", "amd64", List.of(Map.of("etc/motd", "hello\n".getBytes(StandardCharsets.UTF_8))));
        registry = LocalRegistry.start();
        registry.push(layout, "big", "team/a", "1.0");
        registry.push(layout, "big2", "team/a", "2.0");
        registry.push(layout, "big", "team/b", "x");
        registry.push(layout, "tiny", "team/b", "tiny");
        registry.push(layout, "big2", "team/b", "broken");
        registry.push(layout, "big", "other/c", "1.0");
        registry.push(layout, "big", "dry/d", "1.0");
        deleteLayerOf("team/b", "broken");
        try (RegistryImageStore store = registry.repository("team/a")) {
            ConversionResult earlier = new ImageConverter().convert(store, "1.0", store,
                    new ConvertOptions(4 << 20, Long.parseLong(MIN_LAYER), List.of(), "-soci", null, 1, "soci-index-builder v0.1"));
            assertEquals(ConversionResult.Status.CONVERTED, earlier.status());
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        registry.close();
        FileTrees.deleteTree(layout.getParent());
    }

    @Test
    void convertsWhatIsMissingSkipsWhatIsNotOursAndResumesFromItsState() throws IOException {
        Path state = layout.resolveSibling("backfill.state");
        Run first = run("--filters", "team/a,team/b", "--min-layer-size", MIN_LAYER, "--rate", "50/s", "--state", state.toString(),
                registry.host());

        assertEquals(Main.FAILED, first.exit(), first.err());
        assertTrue(first.out().startsWith("2 converted, 1 already, 2 skipped, 1 failed\n"), first.out());
        assertTrue(first.out().contains("  skipped team/a:1.0-soci: an output tag (suffix -soci)\n"), first.out());
        assertTrue(first.out().contains("  skipped team/b:tiny: no layer qualifies for a zTOC\n"), first.out());
        assertTrue(first.out().contains("  failed team/b:broken: "), first.out());
        assertTrue(first.out().contains("blob unknown to registry"), first.out());
        assertTrue(first.err().contains("converted team/a:2.0"), first.err());
        assertTrue(first.err().contains("already team/a:1.0 (output is up to date)"), first.err());
        assertEquals(List.of("team/a:1.0", "team/a:2.0", "team/b:tiny", "team/b:x"), Files.readAllLines(state).stream().sorted().toList());
        assertTrue(registry.repository("team/b").listTags().contains("x-soci"));
        assertFalse(registry.repository("other/c").listTags().contains("1.0-soci"), "not selected by the filters");

        Run second = run("--filters", "team/a,team/b", "--min-layer-size", MIN_LAYER, "--state", state.toString(), registry.host());
        assertTrue(second.out().startsWith("0 converted, 4 already, 3 skipped, 1 failed\n"), second.out());
        assertTrue(second.err().contains("already team/b:x (done in an earlier run (state file))"), second.err());
        assertTrue(second.out().contains("  skipped team/b:x-soci: an output tag (suffix -soci)\n"), second.out());
    }

    @Test
    void aDryRunListsWithoutWriting() throws IOException {
        Run dry = run("--dry-run", "--min-layer-size", MIN_LAYER, registry.host() + "/dry/d");
        assertEquals(Main.OK, dry.exit(), dry.err());
        assertEquals("0 converted, 0 already, 0 skipped, 0 failed, 1 would be converted\n  would convert dry/d:1.0\n", dry.out());
        assertEquals(List.of("1.0"), registry.repository("dry/d").listTags());
    }

    /** A registry named by its public host and reached at a stand-in address, as convert and verify do it. */
    @Test
    void registryEndpointSendsTheNamedHostsRequestsElsewhere() throws IOException {
        Run dry = run("--dry-run", "--min-layer-size", MIN_LAYER, "--registry-endpoint",
                "registry.example.com=" + registry.host(), "registry.example.com/dry/d");
        assertEquals(Main.OK, dry.exit(), dry.err());
        assertEquals("0 converted, 0 already, 0 skipped, 0 failed, 1 would be converted\n  would convert dry/d:1.0\n", dry.out());
    }

    @Test
    void aDryRunSaysPerImageUpToDateWouldConvertOrWouldSkipWhy() throws IOException {
        registry.push(layout, "big", "dry/e", "1.0");
        registry.push(layout, "big2", "dry/e", "2.0");
        registry.push(layout, "tiny", "dry/e", "tiny");
        Cli.Result converted = Cli.run("convert", "--min-layer-size", MIN_LAYER, registry.host() + "/dry/e:1.0");
        assertEquals(0, converted.exit(), converted::toString);
        List<String> before = registry.repository("dry/e").listTags();

        Run dry = run("--dry-run", "--min-layer-size", MIN_LAYER, registry.host() + "/dry/e");
        assertEquals(Main.OK, dry.exit(), dry.err());
        assertTrue(dry.out().startsWith("0 converted, 0 already, 1 skipped, 0 failed, 1 would be converted, 1 up to date,"
                + " 1 would be skipped\n"), dry.out());
        assertTrue(dry.out().contains("  up to date dry/e:1.0\n"), dry.out());
        assertTrue(dry.out().contains("  would convert dry/e:2.0\n"), dry.out());
        assertTrue(dry.out().contains("  would skip dry/e:tiny (no layer qualifies for a zTOC: 1 layer(s), none both gzip or tar"
                + " and at least " + MIN_LAYER + " bytes)\n"), dry.out());
        assertEquals(before, registry.repository("dry/e").listTags(), "a dry run writes nothing");
    }

    @Test
    void aRepositoryThatDoesNotExistOrFiltersThatMatchNothingFail() {
        Run missing = run(registry.host() + "/no/such");
        assertEquals(Main.FAILED, missing.exit(), missing.err());
        assertTrue(missing.err().contains("soci-builder backfill: " + registry.host() + "/no/such: no such repository"), missing.err());

        Run named = run("--filters", "team/a:*,nothing/here:*", registry.host());
        assertEquals(Main.FAILED, named.exit(), named.err());
        assertTrue(named.err().contains(registry.host() + "/nothing/here: no such repository"), named.err());

        Run none = run("--dry-run", "--filters", "team/a:zzz*", registry.host() + "/team/a");
        assertEquals(Main.FAILED, none.exit(), none.err());
        assertTrue(none.err().contains("no image in " + registry.host() + "/team/a matches the filters team/a:zzz*"), none.err());
    }

    @Test
    void aRegistryThatCannotListRepositoriesNeedsThemNamed() {
        Run run = run("--filters", "team/*:*", registry.host());
        assertEquals(Main.USAGE, run.exit());
        assertTrue(run.err().contains("is not an ECR registry, and the distribution API cannot list its repositories"), run.err());
    }

    @Test
    void aBadRateIsAUsageError() {
        Run run = run("--rate", "fast", registry.host() + "/team/a");
        assertEquals(Main.USAGE, run.exit());
        assertTrue(run.err().contains("--rate: rate 'fast' must be a positive number"), run.err());
    }

    @Test
    void conversionSettingsWithEnqueueAndABusWithoutItAreUsageErrors() {
        Run spanSize = run("--enqueue", "--span-size", "1048576", registry.host() + "/team/a");
        assertEquals(Main.USAGE, spanSize.exit());
        assertTrue(spanSize.err().contains("--span-size cannot be combined with --enqueue: the deployed function converts"
                + " with the stack's settings"), spanSize.err());
        Run bus = run("--event-bus", "other", registry.host() + "/team/a");
        assertEquals(Main.USAGE, bus.exit());
        assertTrue(bus.err().contains("--event-bus applies only with --enqueue"), bus.err());
        Run rate = run("--enqueue", "--rate", "0", registry.host() + "/team/a");
        assertEquals(Main.USAGE, rate.exit());
        assertTrue(rate.err().contains("--rate: rate '0' must be a positive number"), rate.err());
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("backfill"));
        args.addAll(List.of(argv));
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Breaks an image: the registry keeps its manifest but no longer serves its layer from that repository. */
    private static void deleteLayerOf(String repository, String tag) throws IOException, InterruptedException {
        String layer;
        try (RegistryImageStore store = registry.repository(repository)) {
            layer = ImageManifest.parse(store.getManifest(tag).orElseThrow().bytes()).layerList().getFirst().digest();
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + repository + "/blobs/" + layer))
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(202, status);
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
