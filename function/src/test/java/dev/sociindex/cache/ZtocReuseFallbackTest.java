package dev.sociindex.cache;

import dev.sociindex.files.FileTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.store.OciLayoutStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.StoreLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache only saves work: when it fails or names a store that cannot be opened, the layer is indexed as usual. */
class ZtocReuseFallbackTest {
    private static final ConvertOptions OPTIONS = new ConvertOptions(256 << 10, 0, List.of(), "-soci", null, 1,
            "soci-index-builder v0.1");
    private Path layout;

    @BeforeEach
    void createImages() throws IOException {
        layout = SharedBaseImages.create(Files.createTempDirectory("reuse-fallback").resolve("layout"), 1, 200_000, 3);
    }

    @AfterEach
    void deleteImages() throws IOException {
        FileTrees.deleteTree(layout.getParent());
    }

    @Test
    void aFailingCacheDoesNotFailTheConversion() throws IOException {
        ZtocCache broken = new ZtocCache() {
            @Override
            public Optional<CachedZtoc> find(ZtocKey key) throws IOException {
                throw new IOException("table unreachable");
            }

            @Override
            public boolean record(ZtocKey key, CachedZtoc entry, Optional<CachedZtoc> replacing) throws IOException {
                throw new IOException("table unreachable");
            }
        };
        List<String> messages = new ArrayList<>();
        ConversionResult result = convert(broken, messages);
        assertEquals(ConversionResult.Status.CONVERTED, result.status());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("zTOC cache lookup failed") && m.contains("table unreachable")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("not recorded in the cache")), messages.toString());
    }

    @Test
    void anEntryNamingAStoreThatCannotBeOpenedIsReplacedByTheRebuiltZtoc() throws IOException {
        InMemoryZtocCache cache = new InMemoryZtocCache();
        String layer;
        try (OciLayoutStore store = OciLayoutStore.open(layout)) {
            layer = ImageManifest.parse(store.getManifest("base").orElseThrow().bytes()).layerList().getFirst().digest();
        }
        ZtocKey key = new ZtocKey(layer, OPTIONS.spanSize(), OPTIONS.buildToolIdentifier());
        CachedZtoc unreachable = new CachedZtoc(ZtocCacheContractTest.digest('e'), 100, "oci:" + layout.resolveSibling("gone"));
        cache.record(key, unreachable, Optional.empty());

        List<String> messages = new ArrayList<>();
        ConversionResult result = convert(cache, messages);

        String built = result.platforms().getFirst().layers().getFirst().ztocDigest();
        assertEquals(Optional.of(new CachedZtoc(built, result.platforms().getFirst().layers().getFirst().ztocSize(), "oci:" + layout)),
                cache.find(key));
        assertTrue(messages.stream().anyMatch(m -> m.contains("could not be taken from oci:" + layout.resolveSibling("gone"))),
                messages.toString());
    }

    private ConversionResult convert(ZtocCache cache, List<String> messages) throws IOException {
        StoreLocator locator = new StoreLocator(CredentialsProvider.anonymous(), RegistrySettings.defaults(), false);
        try (OciLayoutStore store = OciLayoutStore.open(layout)) {
            return new ImageConverter(messages::add, new ZtocReuse(cache, StoreOpener.of(locator))).convert(store, "base", store, OPTIONS);
        }
    }
}
