package dev.sociindex.cache;

import dev.sociindex.aws.DynamoDbZtocCache;

import dev.sociindex.files.FileTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.StoreLocator;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.testing.TestRegistryProxy.SeenRequest;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * zTOC reuse against the real registry (through the recording proxy) and DynamoDB Local: a second image that shares
 * base layers with a converted one is converted without reading those layers, gives the same output as a conversion
 * without the cache, and verifies; a cache entry whose blob was deleted heals.
 */
class ZtocReuseTest {
    private static final ConvertOptions OPTIONS = new ConvertOptions(256 << 10, 0, List.of(), "-soci", null, 2,
            "soci-index-builder v0.1");

    private static Path layout;
    private static LocalRegistry registry;
    private static TestRegistryProxy proxy;
    private static LocalDynamoDb dynamo;
    private static List<String> baseLayers;
    private static String appLayer;

    @BeforeAll
    static void setUp() throws IOException {
        layout = SharedBaseImages.create(Files.createTempDirectory("shared-base").resolve("layout"), 2, 600_000, 8);
        registry = LocalRegistry.start();
        proxy = TestRegistryProxy.inFrontOf(registry);
        dynamo = new LocalDynamoDb();
        for (String repository : List.of("base", "app", "plain", "heal-base", "healing")) {
            registry.push(layout, "base", repository, "1.0");
            registry.push(layout, "app", repository, "2.0");
        }
        try (RegistryImageStore store = registry.repository("app")) {
            List<String> layers = ImageManifest.parse(store.getManifest("2.0").orElseThrow().bytes()).layerList().stream()
                    .map(Descriptor::digest).toList();
            baseLayers = layers.subList(0, 2);
            appLayer = layers.get(2);
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        dynamo.close();
        proxy.close();
        registry.close();
        FileTrees.deleteTree(layout.getParent());
    }

    @Test
    void aSecondImageSharingBaseLayersReusesTheirZtocsWithoutReadingThem() throws IOException {
        ZtocCache cache = dynamoCache("shared");
        ConversionResult base = convert("base", "1.0", cache);
        assertEquals(ConversionResult.Status.CONVERTED, base.status());

        int before = proxy.seen().size();
        ConversionResult app = convert("app", "2.0", cache);
        List<SeenRequest> during = proxy.seen().subList(before, proxy.seen().size());

        assertEquals(ConversionResult.Status.CONVERTED, app.status());
        for (String layer : baseLayers) {
            assertEquals(List.of(), blobReads(during, layer), "base layer " + layer + " must not be read again");
        }
        assertEquals(1, blobReads(during, appLayer).size(), "the app's own layer is read once");
        assertTrue(during.stream().anyMatch(r -> r.method().equals("POST") && r.pathAndQuery().contains("mount=")
                && r.pathAndQuery().contains("from=base")), "the reused zTOCs are mounted from the repository that holds them");
        assertEquals(ztocOf(base, baseLayers.get(0)), ztocOf(app, baseLayers.get(0)));
        assertEquals(ztocOf(base, baseLayers.get(1)), ztocOf(app, baseLayers.get(1)));

        ConversionResult withoutCache = convert("plain", "2.0", ZtocCache.NONE);
        assertEquals(withoutCache.targetDigest(), app.targetDigest(), "reuse must not change a single byte of the output");
        assertVerifies("app", "2.0-soci");
    }

    @Test
    void anEntryWhoseBlobIsGoneHealsByRebuildingAndReplacingIt() throws IOException, InterruptedException {
        ZtocCache cache = dynamoCache("healing");
        ConversionResult base = convert("heal-base", "1.0", cache);
        String staleZtoc = ztocOf(base, baseLayers.get(0));
        ZtocKey key = new ZtocKey(baseLayers.get(0), OPTIONS.spanSize(), OPTIONS.buildToolIdentifier());
        assertEquals(proxy.host() + "/heal-base", cache.find(key).orElseThrow().store());
        deleteBlob("heal-base", staleZtoc);

        int before = proxy.seen().size();
        ConversionResult healed = convert("healing", "2.0", cache);
        List<SeenRequest> during = proxy.seen().subList(before, proxy.seen().size());

        assertEquals(ConversionResult.Status.CONVERTED, healed.status());
        assertEquals(1, blobReads(during, baseLayers.get(0)).size(), "the layer whose zTOC vanished is indexed again");
        assertEquals(List.of(), blobReads(during, baseLayers.get(1)), "the other base layer is still reused");
        assertEquals(new CachedZtoc(staleZtoc, cache.find(key).orElseThrow().ztocSize(), proxy.host() + "/healing"),
                cache.find(key).orElseThrow(), "the entry now names the store that has the rebuilt blob");
        assertVerifies("healing", "2.0-soci");
    }

    private static ZtocCache dynamoCache(String name) {
        return new DynamoDbZtocCache(dynamo.client(), dynamo.createCacheTable(name), Clock.systemUTC(), Duration.ofDays(1));
    }

    /** The conversion as the CLI wires it: through the proxy, recorded stores opened by the same locator. */
    private static ConversionResult convert(String repository, String tag, ZtocCache cache) throws IOException {
        StoreLocator locator = new StoreLocator(CredentialsProvider.anonymous(), RegistrySettings.defaults(), false);
        ZtocReuse reuse = new ZtocReuse(cache, StoreOpener.of(locator));
        try (RegistryImageStore store = proxied(repository)) {
            return new ImageConverter(message -> { }, reuse).convert(store, tag, store, OPTIONS);
        }
    }

    private static RegistryImageStore proxied(String repository) {
        return RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false), repository,
                CredentialsProvider.anonymous());
    }

    private static void assertVerifies(String repository, String tag) throws IOException {
        try (RegistryImageStore store = registry.repository(repository)) {
            VerificationReport report = new ImageVerifier(store).verify(tag);
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(3, report.ztocs());
        }
    }

    private static List<SeenRequest> blobReads(List<SeenRequest> requests, String digest) {
        return requests.stream().filter(r -> r.method().equals("GET") && r.pathAndQuery().contains("/blobs/" + digest)).toList();
    }

    private static String ztocOf(ConversionResult result, String layer) {
        return result.platforms().getFirst().layers().stream().filter(l -> l.digest().equals(layer)).findFirst()
                .orElseThrow().ztocDigest();
    }

    private static void deleteBlob(String repository, String digest) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + repository
                    + "/blobs/" + digest)).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(202, status, "DELETE of blob " + digest);
        }
    }
}
