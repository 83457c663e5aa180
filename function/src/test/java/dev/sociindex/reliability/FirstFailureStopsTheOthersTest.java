package dev.sociindex.reliability;

import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.testing.TestRegistryProxy.Fault;
import dev.sociindex.ztoc.CheckpointSpill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layers run two at a time; the first layer's download stalls (headers and a first part of the body, then nothing,
 * with a body-idle timeout far beyond the test's), the second one's bytes are corrupt. The digest failure must end
 * the conversion at once: the stalled layer is interrupted, its streams closed and its spill file removed, instead of
 * the failure waiting behind it. Without that the conversion would sit in the stall until the timeout below fails it.
 */
class FirstFailureStopsTheOthersTest {
    private static final ConvertOptions TWO_AT_A_TIME = TwoPlatformImage.OPTIONS;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFailingLayerStopsAStalledOne(@TempDir Path spill) throws Exception {
        try (LocalRegistry registry = LocalRegistry.start()) {
            TwoPlatformImage image = TwoPlatformImage.push(registry, "first/failure");
            // The stalled layer comes first: a converter that waits for the layers in order would wait on it.
            String stalled = image.amd64().layerList().get(0).digest();
            String tampered = image.amd64().layerList().get(1).digest();
            try (TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry)) {
                proxy.on(TestRegistryProxy.request("GET", "/blobs/" + tampered), new Fault.FlipByte(1_000), 1);
                proxy.on(TestRegistryProxy.request("GET", "/blobs/" + stalled), new Fault.StallAfter(120_000), 1);
                RegistrySettings patient = RegistrySettings.defaults()
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(10));
                try (RegistryImageStore viaProxy = RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false),
                        "first/failure", registry.credentials(), patient)) {
                    ImageConverter converter = new ImageConverter(message -> { }, ZtocReuse.DISABLED,
                            new CheckpointSpill(spill, 0));
                    IOException failure = assertThrows(IOException.class,
                            () -> converter.convert(viaProxy, image.tag(), viaProxy, TWO_AT_A_TIME));
                    // Corrupt bytes fail as a digest mismatch or, earlier, as corrupt gzip; either names the layer.
                    assertTrue(failure.getMessage().contains(tampered), failure.toString());
                }
                assertEquals(1, proxy.count(TestRegistryProxy.request("GET", "/blobs/" + stalled)),
                        "the stalled layer was read once, and given up, not retried");
            }
            assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("soci-layer-")),
                    "no layer thread outlives the conversion");
            try (Stream<Path> left = Files.list(spill)) {
                assertEquals(List.of(), left.toList(), "spill files of the stopped layers are removed");
            }
        }
    }
}
