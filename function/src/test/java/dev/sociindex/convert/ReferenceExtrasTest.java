package dev.sociindex.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.cache.InMemoryZtocCache;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.ConversionResult.LayerOutcome;
import dev.sociindex.convert.ConversionResult.Status;
import dev.sociindex.convert.CraftedImages.Entry;
import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;
import dev.sociindex.oci.Canonical;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.testing.Encoders;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.verify.ImageInspector;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.Inspection;
import dev.sociindex.verify.VerificationReport;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.GzipCheckpointsBlob;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference CLI's extras against the real registry: {@code --optimizations xattr}, prefetch artifacts,
 * {@code --force} and {@code --tag-when-empty}, each checked on the bytes of the descriptors and blobs written, and
 * with and without the zTOC cache. The image: [plain (no xattrs), xattr, opaque directory, small top layer that
 * deletes a file of the plain layer]; the first three qualify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceExtrasTest {
    private static final long SPAN = 128 << 10;
    private static final ConvertOptions OPTIONS = new ConvertOptions(SPAN, 64 << 10, List.of(), "-soci", null, 2,
            Defaults.BUILD_TOOL_IDENTIFIER);
    private static final List<String> PREFETCH = List.of("/usr/share/hello.txt", "usr/lib/tail.txt", "/usr/lib/a1.bin");

    private LocalRegistry registry;
    private RegistryImageStore store;
    private List<String> layers;
    private ManifestData source;

    @BeforeAll
    void pushImage(@TempDir Path scratch) throws IOException {
        registry = LocalRegistry.start();
        store = registry.repository("extras/app");
        byte[] plain = CraftedImages.tar(scratch, List.of(
                Entry.dir("usr/"), Entry.dir("usr/share/"),
                Entry.file("usr/share/hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8)).withPax("comment", "a PAX record, not an xattr"),
                Entry.dir("usr/lib/"),
                Entry.file("usr/lib/a1.bin", Encoders.randomBytes(1, 400_000)),
                Entry.hardlink("usr/lib/a1-link", "usr/lib/a1.bin"),
                Entry.file("usr/lib/a2.bin", Encoders.randomBytes(2, 300_000)),
                Entry.file("usr/lib/tail.txt", "tail\n".getBytes(StandardCharsets.UTF_8)),
                Entry.dir("opt/"),
                Entry.file("opt/gone.bin", Encoders.randomBytes(3, 20_000))));
        byte[] xattr = CraftedImages.tar(scratch, List.of(
                Entry.dir("etc/"),
                Entry.file("etc/cap.bin", Encoders.randomBytes(4, 100_000)).withPax("SCHILY.xattr.user.note", "hello")));
        byte[] opaque = CraftedImages.tar(scratch, List.of(
                Entry.dir("var/"), Entry.dir("var/cache/"),
                Entry.file("var/cache/.wh..wh..opq", new byte[0]),
                Entry.file("var/cache/data.bin", Encoders.randomBytes(5, 100_000))));
        byte[] top = CraftedImages.tar(scratch, List.of(
                Entry.dir("etc/"), Entry.file("etc/small.conf", "small\n".getBytes(StandardCharsets.UTF_8)),
                Entry.dir("opt/"), Entry.file("opt/.wh.gone.bin", new byte[0])));
        source = CraftedImages.push(store, "v1", List.of(plain, xattr, opaque, top));
        byte[] small = CraftedImages.tar(scratch, List.of(Entry.file("etc/tiny.txt", "tiny\n".getBytes(StandardCharsets.UTF_8))));
        CraftedImages.push(store, "tiny", List.of(small));
        layers = ImageManifest.parse(source.bytes()).layerList().stream().map(Descriptor::digest).toList();
    }

    @AfterAll
    void stop() throws IOException {
        store.close();
        registry.close();
    }

    @Test
    void xattrOptimizationAnnotatesExactlyTheLayersWithoutXattrsOrOpaqueDirectories() throws IOException {
        ConversionResult result = new ImageConverter().convert(store, "v1", store, OPTIONS.withXattrOptimization(true).withOutputTag("xattr"));

        assertEquals(Status.CONVERTED, result.status());
        List<LayerOutcome> outcomes = result.platforms().get(0).layers();
        String expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.amazon.soci.index.v2+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
                + "\"layers\":[" + ztocJson(outcomes.get(0), true) + "," + ztocJson(outcomes.get(1), false) + "," + ztocJson(outcomes.get(2), false)
                + "],\"annotations\":{\"com.amazon.soci.build-tool-identifier\":\"" + Defaults.BUILD_TOOL_IDENTIFIER + "\"}}";
        assertEquals(expected, new String(sociIndexBytes(result), StandardCharsets.UTF_8));
        assertEquals("below-min-size", outcomes.get(3).skipCode());
        assertVerifies(result);
    }

    @Test
    void theOptionsAreRecordedSoThatARerunWithThemRebuilds() throws IOException {
        ImageConverter converter = new ImageConverter();
        ConvertOptions plain = OPTIONS.withOutputTag("recorded");
        assertEquals(Status.CONVERTED, converter.convert(store, "v1", store, plain).status());
        assertEquals(Status.ALREADY_CONVERTED, converter.convert(store, "v1", store, plain).status());

        ConversionResult withXattr = converter.convert(store, "v1", store, plain.withXattrOptimization(true));
        assertEquals(Status.CONVERTED, withXattr.status());
        ConversionResult withPrefetch = converter.convert(store, "v1", store, plain.withXattrOptimization(true).withPrefetchPaths(PREFETCH));
        assertEquals(Status.CONVERTED, withPrefetch.status());
        assertEquals("span-size=131072;min-layer-size=65536;platforms=all;build-tool=" + Defaults.BUILD_TOOL_IDENTIFIER
                        + ";optimizations=xattr;prefetch=usr/lib/a1.bin,usr/lib/tail.txt,usr/share/hello.txt",
                outputIndex("recorded").annotations().get(SociAnnotations.BUILD_OPTIONS));
        assertEquals(Status.ALREADY_CONVERTED,
                converter.convert(store, "v1", store, plain.withXattrOptimization(true).withPrefetchPaths(PREFETCH)).status());
    }

    @Test
    void prefetchArtifactsHoldTheMergedSpansOfTheTopmostLayerHoldingEachPath() throws IOException {
        ConversionResult result = new ImageConverter().convert(store, "v1", store, OPTIONS.withPrefetchPaths(PREFETCH).withOutputTag("prefetch"));

        ImageManifest soci = ImageManifest.parse(sociIndexBytes(result));
        assertEquals(4, soci.layerList().size(), "three zTOCs, then one prefetch artifact (only the plain layer holds the paths)");
        Descriptor prefetch = soci.layerList().get(3);
        assertEquals(List.of(MediaTypes.SOCI_ZTOC, MediaTypes.SOCI_ZTOC, MediaTypes.SOCI_ZTOC), soci.layerList().subList(0, 3).stream()
                .map(Descriptor::mediaType).toList());

        Ztoc ztoc = ZtocReader.read(blob(result.platforms().get(0).layers().get(0).ztocDigest()));
        int[] hello = spansOf(ztoc, "usr/share/hello.txt");
        int[] a1 = spansOf(ztoc, "usr/lib/a1.bin");
        int[] tail = spansOf(ztoc, "usr/lib/tail.txt");
        assertEquals(0, hello[0]);
        assertTrue(a1[1] >= 2 && tail[0] > a1[1] + 1, "the fixture needs a gap between a1.bin and tail.txt: " + a1[1] + " " + tail[0]);
        String body = "{\"version\":\"1.0\",\"prefetch_spans\":[{\"start_span\":0,\"end_span\":" + a1[1] + "},"
                + "{\"start_span\":" + tail[0] + ",\"end_span\":" + tail[1] + "}]}";
        byte[] stored = blob(prefetch.digest());
        assertEquals(body, new String(stored, StandardCharsets.UTF_8));
        String descriptor = "{\"mediaType\":\"application/vnd.amazon.soci.prefetch.v1+json\",\"digest\":\"" + Digests.sha256(stored)
                + "\",\"size\":" + stored.length + ",\"annotations\":{\"com.amazon.soci.image-layer-digest\":\"" + layers.get(0) + "\"}}";
        assertTrue(new String(sociIndexBytes(result), StandardCharsets.UTF_8).contains("," + descriptor + "]"), "the descriptor, last");
        assertVerifies(result);
    }

    @Test
    void inspectDescribesEachLayersZtocAndAnnotations() throws IOException {
        ConversionResult result = new ImageConverter().convert(store, "v1", store,
                OPTIONS.withXattrOptimization(true).withPrefetchPaths(PREFETCH).withOutputTag("inspected"));

        Inspection inspection = new ImageInspector(store).inspect("inspected");

        assertEquals(result.targetDigest(), inspection.digest());
        assertEquals(1, inspection.platforms().size());
        Inspection.PlatformEntry platform = inspection.platforms().get(0);
        assertEquals("linux/amd64", platform.platform());
        assertEquals(result.platforms().get(0).sociIndexDigest(), platform.sociIndexDigest());
        List<Inspection.LayerEntry> entries = platform.layers();
        assertEquals(layers, entries.stream().map(Inspection.LayerEntry::digest).toList());
        for (int i = 0; i < 3; i++) {
            LayerOutcome outcome = result.platforms().get(0).layers().get(i);
            Ztoc ztoc = ZtocReader.read(blob(outcome.ztocDigest()));
            Inspection.LayerEntry entry = entries.get(i);
            assertEquals(outcome.ztocDigest(), entry.ztocDigest());
            assertEquals(outcome.ztocSize(), entry.ztocSize());
            assertEquals(outcome.size(), entry.size());
            assertEquals(ztoc.compressionInfo().maxSpanId() + 1, entry.spans());
            assertEquals(ztoc.files().size(), entry.files());
            assertEquals(SPAN, entry.spanSize());
            assertEquals(i == 0, entry.disableXattrs());
            assertEquals(i == 0, entry.prefetchDigest() != null);
        }
        assertEquals(2, entries.get(0).prefetchSpans().size());
        assertNull(entries.get(3).ztocDigest(), "the small layer has no zTOC");
    }

    @Test
    void prefetchPathsThatNoZtocCanServeAreErrorsNamingPathPlatformAndReason() {
        ImageConverter converter = new ImageConverter();
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () ->
                converter.convert(store, "v1", store, OPTIONS.withPrefetchPaths(List.of("/usr/bin/none")).withOutputTag("e1")));
        assertEquals("prefetch path usr/bin/none: the image for linux/amd64 does not hold it", absent.getMessage());

        IllegalArgumentException skipped = assertThrows(IllegalArgumentException.class, () ->
                converter.convert(store, "v1", store, OPTIONS.withPrefetchPaths(List.of("etc/small.conf")).withOutputTag("e2")));
        assertTrue(skipped.getMessage().startsWith("prefetch path etc/small.conf on linux/amd64 is in layer " + layers.get(3)
                + ", which got no zTOC (below-min-size: "), skipped.getMessage());

        IllegalArgumentException deleted = assertThrows(IllegalArgumentException.class, () ->
                converter.convert(store, "v1", store, OPTIONS.withPrefetchPaths(List.of("/opt/gone.bin")).withOutputTag("e3")));
        assertEquals("prefetch path opt/gone.bin on linux/amd64 is deleted by a whiteout in layer " + layers.get(3), deleted.getMessage());
    }

    @Test
    void prefetchAppliesToEveryConvertedPlatformAndNamesThePlatformThatLacksAPath(@TempDir Path scratch) throws IOException {
        byte[] shared = CraftedImages.tar(scratch, List.of(Entry.dir("app/"), Entry.file("app/server", Encoders.randomBytes(51, 300_000))));
        byte[] amdOnly = CraftedImages.tar(scratch, List.of(Entry.dir("opt/"), Entry.file("opt/amd64.bin", Encoders.randomBytes(52, 100_000))));
        ManifestData amd64 = CraftedImages.push(store, "multi-amd64", List.of(shared, amdOnly), "amd64");
        ManifestData arm64 = CraftedImages.push(store, "multi-arm64", List.of(shared), "arm64");
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(
                Descriptor.of(amd64.mediaType(), amd64.digest(), amd64.bytes().length).withPlatform(Platform.of("linux", "amd64", "")),
                Descriptor.of(arm64.mediaType(), arm64.digest(), arm64.bytes().length).withPlatform(Platform.of("linux", "arm64", ""))),
                null, Map.of());
        store.putManifest("multi", Canonical.of(index).toManifestData());
        ImageConverter converter = new ImageConverter();

        ConversionResult result = converter.convert(store, "multi", store, OPTIONS.withPrefetchPaths(List.of("/app/server")));

        assertEquals(2, result.platforms().size());
        for (ConversionResult.PlatformResult platform : result.platforms()) {
            List<Descriptor> prefetch = ImageManifest.parse(store.getManifest(platform.sociIndexDigest()).orElseThrow().bytes()).layerList()
                    .stream().filter(d -> d.mediaType().equals(MediaTypes.SOCI_PREFETCH)).toList();
            assertEquals(1, prefetch.size(), platform.platform());
            assertEquals(platform.layers().get(0).digest(), prefetch.get(0).annotations().get(SociAnnotations.IMAGE_LAYER_DIGEST));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> converter.convert(store, "multi", store,
                OPTIONS.withPrefetchPaths(List.of("opt/amd64.bin")).withOutputTag("multi-e")));
        assertEquals("prefetch path opt/amd64.bin: the image for linux/arm64 does not hold it", e.getMessage());
        assertTrue(store.getManifest("multi-e").isEmpty(), "nothing tagged after a prefetch error");
    }

    @Test
    void aZtocCacheHitGivesByteIdenticalIndexes() throws IOException {
        ConvertOptions options = OPTIONS.withXattrOptimization(true).withPrefetchPaths(PREFETCH);
        ConversionResult uncached = new ImageConverter().convert(store, "v1", store, options.withOutputTag("uncached"));

        ZtocReuse reuse = new ZtocReuse(new InMemoryZtocCache(), description -> registry.repository("extras/app"));
        List<String> messages = new CopyOnWriteArrayList<>();
        ImageConverter cached = new ImageConverter(messages::add, reuse);
        ConversionResult first = cached.convert(store, "v1", store, options.withOutputTag("cached-1"));
        messages.clear();
        ConversionResult second = cached.convert(store, "v1", store, options.withOutputTag("cached-2"));

        assertEquals(3, messages.stream().filter(m -> m.startsWith("reused zTOC")).count(), messages.toString());
        assertFalse(messages.stream().anyMatch(m -> m.startsWith("indexing layer")), "no layer read on a cache hit: " + messages);
        assertArrayEquals(sociIndexBytes(uncached), sociIndexBytes(first));
        assertArrayEquals(sociIndexBytes(uncached), sociIndexBytes(second));
        assertTrue(new String(sociIndexBytes(second), StandardCharsets.UTF_8).contains(SociAnnotations.DISABLE_XATTRS));
    }

    @Test
    void forceRebuildsAnUpToDateOutputAndReadsTheLayersAgain() throws IOException {
        ZtocReuse reuse = new ZtocReuse(new InMemoryZtocCache(), description -> registry.repository("extras/app"));
        List<String> messages = new CopyOnWriteArrayList<>();
        ImageConverter converter = new ImageConverter(messages::add, reuse);
        ConvertOptions options = OPTIONS.withOutputTag("forced");
        ConversionResult first = converter.convert(store, "v1", store, options);
        assertEquals(Status.ALREADY_CONVERTED, converter.convert(store, "v1", store, options).status());

        messages.clear();
        ConversionResult forced = converter.convert(store, "v1", store, options.withForce(true));

        assertEquals(Status.CONVERTED, forced.status());
        assertEquals(first.targetDigest(), forced.targetDigest(), "the same output, rebuilt");
        assertEquals(3, messages.stream().filter(m -> m.startsWith("indexing layer")).count(), messages.toString());
        assertFalse(messages.stream().anyMatch(m -> m.startsWith("reused zTOC")), messages.toString());
    }

    @Test
    void tagWhenEmptyTagsAnIndexOfTheUnchangedManifestThatVerifyAccepts() throws IOException {
        ImageConverter converter = new ImageConverter();
        ConversionResult withoutOption = converter.convert(store, "tiny", store, OPTIONS);
        assertEquals(Status.SKIPPED, withoutOption.status());
        assertNull(withoutOption.target());
        assertTrue(store.getManifest("tiny-soci").isEmpty(), "no tag without the option");

        ConversionResult result = converter.convert(store, "tiny", store, OPTIONS.withTagWhenEmpty(true));

        assertEquals(Status.SKIPPED, result.status());
        assertEquals(store.description() + ":tiny-soci", result.target());
        assertEquals("below-min-size", result.platforms().get(0).layers().get(0).skipCode());
        ManifestData tiny = store.getManifest("tiny").orElseThrow();
        ManifestData output = store.getManifest("tiny-soci").orElseThrow();
        assertEquals(result.targetDigest(), output.digest());
        String expected = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + tiny.digest() + "\",\"size\":"
                + tiny.bytes().length + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}],"
                + "\"annotations\":{\"dev.sociindex.build-options\":\"span-size=131072;min-layer-size=65536;platforms=all;build-tool="
                + Defaults.BUILD_TOOL_IDENTIFIER + "\",\"dev.sociindex.no-soci-index\":\"below-min-size\",\"dev.sociindex.source-digest\":\""
                + tiny.digest() + "\"}}";
        assertEquals(expected, new String(output.bytes(), StandardCharsets.UTF_8));
        VerificationReport report = new ImageVerifier(store).verify("tiny-soci");
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(Status.ALREADY_CONVERTED, converter.convert(store, "tiny", store, OPTIONS.withTagWhenEmpty(true)).status());
    }

    private static String ztocJson(LayerOutcome layer, boolean disableXattrs) {
        return "{\"mediaType\":\"application/octet-stream\",\"digest\":\"" + layer.ztocDigest() + "\",\"size\":" + layer.ztocSize()
                + ",\"annotations\":{" + (disableXattrs ? "\"com.amazon.soci.disable-xattrs\":\"true\"," : "")
                + "\"com.amazon.soci.image-layer-digest\":\"" + layer.digest() + "\","
                + "\"com.amazon.soci.image-layer-mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"com.amazon.soci.span-size\":\"" + SPAN + "\"}}";
    }

    /** First and last span holding a file's bytes, from the checkpoints' uncompressed offsets directly. */
    private static int[] spansOf(Ztoc ztoc, String name) throws IOException {
        FileMetadata file = ztoc.files().stream().filter(f -> f.name().utf8String().equals(name)).findFirst().orElseThrow();
        List<Checkpoint> checkpoints = GzipCheckpointsBlob.decode(ztoc.compressionInfo().checkpoints()).checkpoints();
        List<Long> outs = new ArrayList<>(checkpoints.stream().map(Checkpoint::out).toList());
        return new int[] {spanHolding(outs, file.uncompressedOffset()), spanHolding(outs, file.uncompressedOffset() + file.uncompressedSize() - 1)};
    }

    private static int spanHolding(List<Long> outs, long offset) {
        int span = 0;
        while (span + 1 < outs.size() && outs.get(span + 1) <= offset) {
            span++;
        }
        return span;
    }

    private byte[] sociIndexBytes(ConversionResult result) throws IOException {
        return store.getManifest(result.platforms().get(0).sociIndexDigest()).orElseThrow().bytes();
    }

    private ImageIndex outputIndex(String tag) throws IOException {
        return ImageIndex.parse(store.getManifest(tag).orElseThrow().bytes());
    }

    private byte[] blob(String digest) throws IOException {
        try (InputStream in = store.openBlob(digest, -1)) {
            return in.readAllBytes();
        }
    }

    private void assertVerifies(ConversionResult result) throws IOException {
        String tag = result.target().substring(result.target().lastIndexOf(':') + 1);
        VerificationReport report = new ImageVerifier(store).verify(tag);
        assertTrue(report.ok(), report.problems().toString());
    }
}
