package dev.sociindex.reliability;

import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.convert.ProgressListener;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.RetryPolicy;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.testing.TestRegistryProxy.Fault;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole conversions of a real two-platform image with faults injected between the converter and a real registry
 * (basic auth, as ECR). Each row ends either converted (and {@link ImageVerifier} finds nothing wrong) or failed with
 * a clear exception, after which the output tag does not exist and no zTOC of a tampered layer reached the target
 * (zTOCs of good layers may have, as unreferenced blobs: each is pushed as soon as its layer is done). Every message of
 * every failure is checked for the registry's secret. The matrix is printed for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {
    static final String USER = "reliability-user";
    static final String PASSWORD = "s3cret-Pa55word-for-faults";
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final Duration BODY_IDLE = Duration.ofSeconds(1);

    enum Expect { CONVERTED, CLEAR_FAILURE }

    /** One row: what to inject (given the image) and what must come of it. */
    record Row(String fault, String where, Expect expect, BiConsumer<TestRegistryProxy, TwoPlatformImage> inject) {
    }

    private record Outcome(Row row, int injected, Expect actual, String detail) {
    }

    private LocalRegistry registry;
    private TwoPlatformImage image;
    /** zTOC digest by layer digest, from a conversion without faults. */
    private Map<String, String> baselineZtocs;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeAll
    void pushImage() throws IOException {
        registry = LocalRegistry.startWithBasicAuth(USER, PASSWORD);
        image = TwoPlatformImage.push(registry, "src/app");
        try (RegistryImageStore source = registry.repository("src/app");
             RegistryImageStore target = registry.repository("out/baseline")) {
            ConversionResult result = new ImageConverter().convert(source, "v1", target, options());
            baselineZtocs = new java.util.LinkedHashMap<>();
            result.platforms().stream().flatMap(p -> p.layers().stream())
                    .forEach(l -> baselineZtocs.put(l.digest(), l.ztocDigest()));
            assertEquals(image.layerDigests().size(), baselineZtocs.size(), "every layer of the fixture is indexed");
        }
    }

    @AfterAll
    void stopRegistry() throws IOException {
        registry.close();
    }

    private static dev.sociindex.convert.ConvertOptions options() {
        return TwoPlatformImage.OPTIONS;
    }

    private List<Row> rows() {
        String layer = "/blobs/" + image.firstLayer();
        String child = "/manifests/" + image.amd64Digest();
        String tag = "/src/app/manifests/v1";
        String other = "/v2/src/app/manifests/" + image.arm64Digest();
        Fault e500 = new Fault.Answer(500, Map.of(), "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"boom\"}]}");
        Fault e503 = new Fault.Answer(503, Map.of(), "");
        Fault e429 = new Fault.Answer(429, Map.of("Retry-After", "2"), "");
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("500", "GET layer x2", Expect.CONVERTED, (p, i) -> p.on(request("GET", layer), e500, 2)));
        rows.add(new Row("500", "GET layer, always", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("GET", layer), e500, 1000)));
        rows.add(new Row("503", "GET tag x2", Expect.CONVERTED, (p, i) -> p.on(request("GET", tag), e503, 2)));
        rows.add(new Row("503", "GET child manifest x3", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", child), e503, 3)));
        rows.add(new Row("503", "POST upload x2", Expect.CONVERTED,
                (p, i) -> p.on(request("POST", "/out/"), e503, 2)));
        rows.add(new Row("503", "PUT blob x2", Expect.CONVERTED,
                (p, i) -> p.on(request("PUT", "/blobs/uploads/"), e503, 2)));
        rows.add(new Row("503", "PUT manifests x3", Expect.CONVERTED,
                (p, i) -> p.on(request("PUT", "/manifests/"), e503, 3)));
        rows.add(new Row("503", "PUT output tag, always", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("PUT", "/manifests/v1-soci"), e503, 1000)));
        rows.add(new Row("429 + Retry-After", "GET layer x2", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), e429, 2)));
        rows.add(new Row("429 + Retry-After", "HEAD blob x2", Expect.CONVERTED,
                (p, i) -> p.on(request("HEAD", "/blobs/"), e429, 2)));
        rows.add(new Row("connection dropped mid-body", "GET layer x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), new Fault.CutBodyAfter(100_000), 1)));
        rows.add(new Row("connection dropped mid-body", "GET layer x3", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), new Fault.CutBodyAfter(40_000), 3)));
        rows.add(new Row("connection dropped mid-body", "GET layer, always", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("GET", layer), new Fault.CutBodyAfter(1000), 1000)));
        rows.add(new Row("connection dropped mid-body", "GET child manifest x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", child), new Fault.CutBodyAfter(50), 1)));
        rows.add(new Row("stalled body (idle timeout)", "GET layer x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), new Fault.StallAfter(70_000), 1)));
        rows.add(new Row("stalled body (idle timeout)", "GET tag x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", tag), new Fault.StallAfter(20), 1)));
        rows.add(new Row("truncated body, clean end", "GET layer x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), new Fault.Truncate(90_000), 1)));
        rows.add(new Row("truncated body, clean end", "GET child manifest x1", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("GET", child), new Fault.Truncate(100), 1)));
        rows.add(new Row("truncated body, clean end", "GET tag x1", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("GET", tag), new Fault.Truncate(100), 1)));
        rows.add(new Row("Content-Length too small", "GET layer x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), new Fault.WrongLength(-5000), 1)));
        rows.add(new Row("Content-Length too large", "GET layer x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", layer), new Fault.WrongLength(5000), 1)));
        rows.add(new Row("Content-Length too large", "GET child manifest x1", Expect.CONVERTED,
                (p, i) -> p.on(request("GET", child), new Fault.WrongLength(30), 1)));
        rows.add(new Row("bytes not matching digest", "GET layer x1", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("GET", layer), new Fault.FlipByte(150_000), 1)));
        rows.add(new Row("bytes not matching digest", "GET child manifest x1", Expect.CLEAR_FAILURE,
                (p, i) -> p.on(request("GET", child), new Fault.FlipByte(40), 1)));
        rows.add(new Row("manifest changed between reads", "child digest serves another manifest",
                Expect.CLEAR_FAILURE, (p, i) -> p.on(request("GET", child), new Fault.ServeInstead(other), 1)));
        return rows;
    }

    @Test
    void everyFaultEndsConvertedAndVerifiedOrFailedWithoutATrace() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        List<Row> rows = rows();
        for (int n = 0; n < rows.size(); n++) {
            Row row = rows.get(n);
            String targetRepository = "out/case-" + n;
            try (TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry)) {
                row.inject().accept(proxy, image);
                Outcome outcome = run(row, proxy, targetRepository, messages);
                outcomes.add(outcome);
                assertTrue(outcome.injected() > 0, row + ": the fault was never injected");
            }
            assertNothingBrokenPublished(targetRepository, outcomes.getLast());
        }
        System.out.println(matrix(outcomes));
        SecretScan.assertClean(messages, USER, PASSWORD);
        List<Outcome> wrong = outcomes.stream().filter(o -> o.actual() != o.row().expect()).toList();
        assertEquals(List.of(), wrong, "rows whose outcome differs from the expected one");
        assertTrue(sleeps.contains(Duration.ofSeconds(2)), "a 429's Retry-After is waited: " + sleeps);
    }

    @Test
    void aTagMovedDuringTheConversionGivesAnOutputOfTheImageFirstRead() throws IOException {
        try (TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore direct = registry.repository("src/moving");
             RegistryImageStore source = viaProxy(proxy, "src/moving");
             RegistryImageStore target = viaProxy(proxy, "out/moving")) {
            try (RegistryImageStore original = registry.repository("src/app")) {
                for (String blob : image.layerDigests()) {
                    direct.copyBlobFrom(original, blob, -1);
                }
                direct.copyBlobFrom(original, image.amd64().config().digest(), image.amd64().config().size());
                direct.copyBlobFrom(original, image.arm64().config().digest(), image.arm64().config().size());
                for (String digest : List.of(image.amd64Digest(), image.arm64Digest())) {
                    direct.putManifest(digest, original.getManifest(digest).orElseThrow());
                }
                direct.putManifest("v1", original.getManifest("v1").orElseThrow());
                ProgressListener movesTheTag = new ProgressListener() {
                    private boolean moved;

                    @Override
                    public synchronized void message(String message) {
                        if (!moved && message.startsWith("indexing")) {
                            moved = true;
                            try {
                                direct.putManifest("v1", original.getManifest("other").orElseThrow());
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    }
                };
                ConversionResult result = new ImageConverter(movesTheTag).convert(source, "v1", target, options());
                assertEquals(image.indexDigest(), result.sourceDigest());
                assertEquals(image.otherDigest(), direct.resolveDigest("v1").orElseThrow(), "the tag did move");
            }
            try (RegistryImageStore output = registry.repository("out/moving")) {
                VerificationReport report = new ImageVerifier(output).verify("v1-soci");
                assertEquals(List.of(), report.problems());
                ImageIndex index = ImageIndex.parse(output.getManifest("v1-soci").orElseThrow().bytes());
                assertEquals(image.indexDigest(), SociV2Assembler.sourceDigest(index).orElseThrow());
            }
        }
    }

    private Outcome run(Row row, TestRegistryProxy proxy, String targetRepository, List<String> messages)
            throws IOException {
        try (RegistryImageStore source = viaProxy(proxy, "src/app");
             RegistryImageStore target = viaProxy(proxy, targetRepository)) {
            ConversionResult result = new ImageConverter(messages::add).convert(source, "v1", target, options());
            assertEquals(ConversionResult.Status.CONVERTED, result.status(), row.toString());
            return new Outcome(row, proxy.faultsInjected(), Expect.CONVERTED, "verified");
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(t.toString());
                System.out.println(row.fault() + " / " + row.where() + ": " + t);
            }
            return new Outcome(row, proxy.faultsInjected(), Expect.CLEAR_FAILURE, e.getClass().getSimpleName()
                    + ": " + firstLine(e.getMessage()));
        }
    }

    /** After a failure: no output tag and none of the zTOCs; after success: the output verifies. */
    private void assertNothingBrokenPublished(String targetRepository, Outcome outcome) throws IOException {
        try (RegistryImageStore target = registry.repository(targetRepository)) {
            if (outcome.actual() == Expect.CONVERTED) {
                VerificationReport report = new ImageVerifier(target).verify("v1-soci");
                assertEquals(List.of(), report.problems(), outcome.row().toString());
                assertEquals(2, report.sociIndexes());
                return;
            }
            assertFalse(target.resolveDigest("v1-soci").isPresent(), outcome + ": an orphan output tag");
            if (outcome.row().fault().equals("bytes not matching digest")) {
                // zTOCs are pushed as their layers finish, so those of good layers may be there, unreferenced
                // (no output tag, no manifest); a layer whose bytes failed their digest never gets one.
                String tampered = image.firstLayer();
                String ztoc = baselineZtocs.get(tampered);
                assertFalse(target.blobExists(ztoc), outcome + ": zTOC " + ztoc + " of the tampered layer was pushed");
            }
        }
    }

    /**
     * An authenticated request (basic auth answers the first request of each client with a 401 challenge; a fault
     * on that one would never reach the converter).
     */
    private static java.util.function.Predicate<TestRegistryProxy.SeenRequest> request(String method, String path) {
        return TestRegistryProxy.request(method, path).and(r -> r.header("Authorization").isPresent());
    }

    private RegistryImageStore viaProxy(TestRegistryProxy proxy, String repository) {
        RegistrySettings settings = RegistrySettings.defaults().withRetryPolicy(POLICY).withSleeper(sleeps::add)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), BODY_IDLE);
        return RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false), repository,
                registry.credentials(), settings);
    }

    private static String matrix(List<Outcome> outcomes) {
        StringBuilder table = new StringBuilder("| fault | where | injected | outcome | detail |\n|---|---|---|---|---|\n");
        int injected = 0;
        int converted = 0;
        for (Outcome o : outcomes) {
            injected += o.injected();
            converted += o.actual() == Expect.CONVERTED ? 1 : 0;
            table.append("| ").append(o.row().fault()).append(" | ").append(o.row().where()).append(" | ")
                    .append(o.injected()).append(" | ").append(o.actual() == Expect.CONVERTED
                            ? "converted, verified" : "clear failure, nothing published")
                    .append(" | ").append(o.detail().replace('|', '/')).append(" |\n");
        }
        table.append("\n").append(outcomes.size()).append(" rows, ").append(injected).append(" faults injected; ")
                .append(converted).append(" conversions completed and verified, ").append(outcomes.size() - converted)
                .append(" failed clearly; 0 broken or orphan tags\n");
        return table.toString();
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message;
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

}
