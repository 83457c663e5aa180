package dev.sociindex.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.CraftedImages;
import dev.sociindex.convert.CraftedImages.Entry;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryException;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.testing.Encoders;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.testing.TestRegistryProxy.SeenRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get-file} against the real registry, through a recording proxy that counts the body bytes the registry
 * served: a small file of a 60 MB layer costs its zTOC plus the spans holding it, well under a fifth of the layer;
 * the topmost layer holding a path wins, whiteouts delete, and a layer without zTOC is fetched whole.
 * Layers, bottom first: big (random data, tool, motd v1, a file deleted above), app (motd v2, whiteout), small
 * (below the minimum size: no zTOC).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageFileReaderTest {
    private static final byte[] TOOL = Encoders.mixedData(31, 40_000);
    private static final ConvertOptions OPTIONS = new ConvertOptions(Defaults.SPAN_SIZE, 64 << 10, List.of(), "-soci", null, 2,
            Defaults.BUILD_TOOL_IDENTIFIER);

    private LocalRegistry registry;
    private TestRegistryProxy proxy;
    private RegistryImageStore store;
    private List<Descriptor> layers;

    @BeforeAll
    void pushAndConvert(@TempDir Path scratch) throws IOException {
        registry = LocalRegistry.start();
        byte[] big = CraftedImages.tar(scratch, List.of(
                Entry.dir("usr/"), Entry.dir("usr/share/"),
                Entry.file("usr/share/blob-1.bin", Encoders.randomBytes(32, 30_000_000)),
                Entry.dir("usr/bin/"), Entry.file("usr/bin/tool", TOOL),
                Entry.file("usr/share/blob-2.bin", Encoders.randomBytes(33, 30_000_000)),
                Entry.dir("etc/"), Entry.file("etc/motd", "motd of the base layer\n".getBytes(StandardCharsets.UTF_8)),
                Entry.dir("opt/"), Entry.file("opt/gone.txt", "deleted above\n".getBytes(StandardCharsets.UTF_8))));
        byte[] app = CraftedImages.tar(scratch, List.of(
                Entry.dir("etc/"), Entry.file("etc/motd", "motd of the app layer\n".getBytes(StandardCharsets.UTF_8)),
                Entry.dir("opt/"), Entry.file("opt/.wh.gone.txt", new byte[0]),
                Entry.file("opt/app.bin", Encoders.randomBytes(34, 200_000))));
        byte[] small = CraftedImages.tar(scratch, List.of(Entry.dir("etc/"),
                Entry.file("etc/small.conf", "from the small layer\n".getBytes(StandardCharsets.UTF_8))));
        try (RegistryImageStore direct = registry.repository("lazy/app")) {
            CraftedImages.push(direct, "v1", List.of(big, app, small));
            ConversionResult result = new ImageConverter().convert(direct, "v1", direct, OPTIONS);
            assertEquals(ConversionResult.Status.CONVERTED, result.status());
            layers = ImageManifest.parse(direct.getManifest("v1").orElseThrow().bytes()).layerList();
        }
        assertTrue(layers.get(0).size() > 60_000_000, "the big layer must be over 50 MB compressed: " + layers.get(0).size());
        proxy = TestRegistryProxy.inFrontOf(registry);
        store = RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false), "lazy/app", registry.credentials(),
                RegistrySettings.defaults());
    }

    @BeforeEach
    void countFromHere() {
        proxy.clearSeen();
    }

    @AfterAll
    void stop() throws IOException {
        store.close();
        proxy.close();
        registry.close();
    }

    @Test
    void aSmallFileOfALargeLayerCostsItsZtocAndItsSpansOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileRead read = new ImageFileReader(store).read("v1-soci", Optional.empty(), "/usr/bin/tool", out);

        assertArrayEquals(TOOL, out.toByteArray());
        assertEquals(layers.get(0).digest(), read.layer());
        long served = proxy.bodyBytesServed(r -> r.method().equals("GET"));
        assertEquals(read.fetched(), served, "what get-file reports is what the registry served");
        assertTrue(read.ztocBytes() > 0 && read.spanBytes() > 0, read.summary());
        assertTrue(served < layers.get(0).size() / 5, "served " + served + " of " + layers.get(0).size() + ": " + read.summary());
        List<SeenRequest> ranges = proxy.seen().stream().filter(r -> r.header("Range").isPresent()).toList();
        assertEquals(1, ranges.size(), "one Range request for the spans");
        assertEquals(0, proxy.count(blobGet(layers.get(0).digest()).and(r -> r.header("Range").isEmpty())), "never the whole layer");
    }

    @Test
    void theTopmostLayerHoldingThePathWinsAndWhiteoutsDelete() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileRead read = new ImageFileReader(store).read("v1-soci", Optional.of("linux/amd64"), "etc/motd", out);
        assertEquals("motd of the app layer\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(layers.get(1).digest(), read.layer());

        IOException deleted = assertThrows(IOException.class, () ->
                new ImageFileReader(store).read("v1-soci", Optional.empty(), "/opt/gone.txt", new ByteArrayOutputStream()));
        assertEquals("opt/gone.txt is deleted by a whiteout in layer " + layers.get(1).digest() + " of " + store.description() + ":v1-soci",
                deleted.getMessage());
        IOException absent = assertThrows(IOException.class, () ->
                new ImageFileReader(store).read("v1-soci", Optional.empty(), "/etc/none", new ByteArrayOutputStream()));
        assertEquals(store.description() + ":v1-soci holds no etc/none", absent.getMessage());
    }

    @Test
    void aLayerWithoutZtocIsFetchedWholeAndCountedSo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileRead read = new ImageFileReader(store).read("v1-soci", Optional.empty(), "etc/small.conf", out);
        assertEquals("from the small layer\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(layers.get(2).size(), read.wholeLayerBytes());
        assertEquals(read.fetched(), proxy.bodyBytesServed(r -> r.method().equals("GET")));
    }

    @Test
    void aRegistryThatIgnoresTheRangeIsAnErrorNotAFullDownload() {
        proxy.on(r -> r.header("Range").isPresent(), new TestRegistryProxy.Fault.IgnoreRange(), 100);
        try {
            RegistryException e = assertThrows(RegistryException.class, () ->
                    new ImageFileReader(store).read("v1-soci", Optional.empty(), "usr/bin/tool", new ByteArrayOutputStream()));
            assertTrue(e.getMessage().contains("answered 200"), e.getMessage());
        } finally {
            proxy.clearRules();
        }
    }

    private static Predicate<SeenRequest> blobGet(String digest) {
        return r -> r.method().equals("GET") && r.pathAndQuery().endsWith("/blobs/" + digest);
    }
}
