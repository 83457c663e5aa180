package dev.sociindex.convert;

import static dev.sociindex.convert.ConversionChecks.assertVerifies;
import static dev.sociindex.convert.ConversionFixtures.AMD64;
import static dev.sociindex.convert.ConversionFixtures.ARM64;
import static dev.sociindex.convert.ConversionFixtures.OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.convert.ConversionResult.Status;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryException;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.RetryPolicy;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conversion against registries that need credentials, that restart mid-way, and that are fresh: each test starts
 * the registry it needs, so restarts and auth never affect another test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversionResilienceTest {
    private Path layout;

    @BeforeAll
    void buildImages(@TempDir Path scratch) throws IOException {
        layout = scratch.resolve("layout");
        ConversionFixtures.buildLayout(layout);
    }

    @Test
    void basicAuthRegistryConvertsWithCredentialsAndFailsClearlyWithout() throws IOException {
        try (LocalRegistry secured = LocalRegistry.startWithBasicAuth("builder", "not-a-real-secret")) {
            secured.push(layout, AMD64, "auth/app", "v1");
            try (RegistryImageStore anonymous = RegistryImageStore.connect(secured.endpoint(), "auth/app",
                    CredentialsProvider.anonymous(), RegistrySettings.defaults())) {
                RegistryException e = assertThrows(RegistryException.class,
                        () -> new ImageConverter().convert(anonymous, "v1", anonymous, OPTIONS));
                assertEquals(401, e.status());
                assertFalse(e.transientFailure(), "a refused login is not worth retrying");
                assertTrue(e.getMessage().contains("401") && e.getMessage().contains("auth/app"), e.getMessage());
            }
            try (RegistryImageStore store = secured.repository("auth/app")) {
                assertEquals(List.of("v1"), store.listTags(), "the refused attempt wrote nothing");
                ConversionResult result = new ImageConverter().convert(store, "v1", store, OPTIONS);
                assertEquals(Status.CONVERTED, result.status());
                assertEquals(2, assertVerifies(store, "v1-soci").ztocs());
            }
        }
    }

    /** The registry restarts while the other layer is still streaming (two layers index at once). */
    @Test
    void registryRestartedWhileLayersAreIndexed() throws IOException {
        try (LocalRegistry restarting = LocalRegistry.start()) {
            restarting.push(layout, ARM64, "restart/app", "v1");
            AtomicBoolean restarted = new AtomicBoolean();
            ProgressListener restartAfterFirstLayer = message -> {
                if (message.startsWith("indexed ") && restarted.compareAndSet(false, true)) {
                    try {
                        restarting.restart();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            try (RegistryImageStore store = restarting.repository("restart/app")) {
                Optional<IOException> failure = convertExpectingSuccessOrClearFailure(
                        new ImageConverter(restartAfterFirstLayer), store, store);
                assertTrue(restarted.get(), "the registry was restarted");
                assertOutputAbsentOrVerifies(store, failure);
            }
        }
    }

    /**
     * The registry goes down when the first zTOC upload or the first manifest PUT arrives, and comes back shortly
     * after: the request in flight fails at the connection level and is retried.
     */
    @ParameterizedTest
    @CsvSource({"POST, /blobs/uploads/", "PUT, /manifests/"})
    void registryRestartedWhileOutputIsPushed(String method, String pathPart) throws IOException {
        try (LocalRegistry restarting = LocalRegistry.start();
             TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(restarting)) {
            restarting.push(layout, ARM64, "restart/app", "v1");
            AtomicBoolean stopped = new AtomicBoolean();
            proxy.on(request -> {
                if (request.method().equals(method) && request.pathAndQuery().contains(pathPart) && stopped.compareAndSet(false, true)) {
                    restarting.stop();
                    Thread.ofPlatform().start(() -> {
                        try {
                            Thread.sleep(300);
                            restarting.restart();
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException("the test registry did not come back", e);
                        }
                    });
                }
                return false; // only a trigger: the request is forwarded to the stopped registry
            }, new TestRegistryProxy.Fault.IgnoreRange(), Integer.MAX_VALUE);
            try (RegistryImageStore viaProxy = RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false),
                    "restart/app", CredentialsProvider.anonymous(), RegistrySettings.defaults());
                 RegistryImageStore direct = restarting.repository("restart/app")) {
                Optional<IOException> failure = convertExpectingSuccessOrClearFailure(new ImageConverter(), viaProxy, viaProxy);
                assertTrue(stopped.get(), "the registry was stopped during the push");
                assertOutputAbsentOrVerifies(direct, failure);
            }
        }
    }

    /**
     * The registry goes away for good at the first manifest PUT: the conversion fails naming the repository, no
     * output tag appears (the index is pushed last), and once the registry is back a new attempt completes.
     */
    @Test
    void registryGoneDuringThePushFailsClearlyAndLeavesNoTag() throws IOException {
        try (LocalRegistry registry = LocalRegistry.start();
             TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry)) {
            registry.push(layout, ARM64, "gone/app", "v1");
            AtomicBoolean stopped = new AtomicBoolean();
            proxy.on(request -> {
                if (request.method().equals("PUT") && request.pathAndQuery().contains("/manifests/") && stopped.compareAndSet(false, true)) {
                    registry.stop();
                }
                return false;
            }, new TestRegistryProxy.Fault.IgnoreRange(), Integer.MAX_VALUE);
            RegistrySettings quickRetries = RegistrySettings.defaults()
                    .withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)));
            try (RegistryImageStore viaProxy = RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false),
                    "gone/app", CredentialsProvider.anonymous(), quickRetries)) {
                IOException e = assertThrows(IOException.class, () -> new ImageConverter().convert(viaProxy, "v1", viaProxy, OPTIONS));
                assertTrue(e.getMessage().contains("gone/app") && e.getMessage().contains("manifest"), e.getMessage());
            }
            registry.restart();
            try (RegistryImageStore store = registry.repository("gone/app")) {
                assertEquals(List.of("v1"), store.listTags(), "a failed conversion tags nothing");
                ConversionResult retry = new ImageConverter().convert(store, "v1", store, OPTIONS);
                assertEquals(Status.CONVERTED, retry.status());
                assertVerifies(store, "v1-soci");
            }
        }
    }

    @Test
    void twoFreshRegistriesGiveTheSameOutputDigest() throws IOException {
        List<ConversionResult> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (LocalRegistry fresh = LocalRegistry.start(); RegistryImageStore store = fresh.repository("same/app")) {
                fresh.push(layout, AMD64, "same/app", AMD64);
                fresh.push(layout, ARM64, "same/app", ARM64);
                ConversionFixtures.pushMultiPlatform(store, AMD64, ARM64, "v1");
                ConversionResult result = new ImageConverter().convert(store, "v1", store, OPTIONS);
                assertEquals(Status.CONVERTED, result.status());
                assertVerifies(store, "v1-soci");
                results.add(result);
            }
        }
        assertEquals(results.get(0).sourceDigest(), results.get(1).sourceDigest());
        assertEquals(results.get(0).targetDigest(), results.get(1).targetDigest());
        assertEquals(results.get(0).platforms(), results.get(1).platforms(), "every M', S and zTOC digest is the same");
    }

    /** Runs the conversion; a failure is accepted only with a message that says which registry and what failed. */
    private static Optional<IOException> convertExpectingSuccessOrClearFailure(ImageConverter converter,
            RegistryImageStore source, RegistryImageStore target) {
        try {
            ConversionResult result = converter.convert(source, "v1", target, OPTIONS);
            assertEquals(Status.CONVERTED, result.status());
            return Optional.empty();
        } catch (IOException e) {
            String message = e.getMessage();
            assertTrue(message != null && message.contains("restart/app"), "unclear failure: " + e);
            return Optional.of(e);
        }
    }

    /** Whatever happened, the output tag must not exist or must point at a complete, correct image. */
    private static void assertOutputAbsentOrVerifies(RegistryImageStore store, Optional<IOException> failure) throws IOException {
        if (store.getManifest("v1-soci").isPresent()) {
            assertVerifies(store, "v1-soci");
        } else {
            assertTrue(failure.isPresent(), "the conversion reported success but tagged nothing");
        }
    }
}
