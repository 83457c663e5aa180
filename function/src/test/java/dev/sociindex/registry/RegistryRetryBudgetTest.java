package dev.sociindex.registry;

import static dev.sociindex.testing.TestRegistryProxy.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.oci.Digests;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.testing.TcpFront;
import dev.sociindex.testing.TestBytes;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.testing.TestRegistryProxy.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One retry layer per operation, with a deadline: what a registry that dies costs in requests, stated exactly, and
 * how failures below HTTP (a reset connection) and the registry's error codes reach callers as types.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryRetryBudgetTest {
    private static final int ATTEMPTS = 5;
    private static final RetryPolicy POLICY = new RetryPolicy(ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final byte[] BLOB = TestBytes.randomBytes(300_000, 41);
    private static final String BLOB_DIGEST = Digests.sha256(BLOB);
    private static final Map<String, String> NO_HEADERS = Map.of();

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private LocalRegistry registry;

    @BeforeAll
    void startRegistryWithABlob() throws IOException {
        registry = LocalRegistry.start();
        try (RegistryImageStore store = registry.repository("budget/source")) {
            store.putBlob(BLOB_DIGEST, BLOB);
        }
    }

    @AfterAll
    void stopRegistry() throws IOException {
        registry.close();
    }

    private RegistryImageStore via(String host, String repository, RetryPolicy policy) {
        return RegistryImageStore.connect(RegistryEndpoint.forHost(host, false), repository,
                CredentialsProvider.anonymous(), RegistrySettings.defaults().withRetryPolicy(policy)
                        .withSleeper(sleeps::add));
    }

    /** After the first request, everything the proxy sees is answered 503: the registry behind it is gone. */
    private static void dieAfterTheFirstBodyBreaks(TestRegistryProxy proxy) {
        proxy.on(request("GET", "/blobs/" + BLOB_DIGEST), new Fault.CutBodyAfter(50_000), 1);
        proxy.on(r -> true, new Fault.Answer(503, NO_HEADERS, ""), 10_000);
    }

    @Test
    void aRegistryThatDiesMidDownloadCostsTheDownloadsAttemptsAndNoMore() throws IOException {
        try (TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore store = via(proxy.host(), "budget/source", POLICY)) {
            dieAfterTheFirstBodyBreaks(proxy);
            try (InputStream in = store.openBlob(BLOB_DIGEST, BLOB.length)) {
                RegistryException e = assertThrows(RegistryException.class, in::readAllBytes);
                assertTrue(e.transientFailure(), e.getMessage());
                assertTrue(e.getMessage().contains("failed after " + ATTEMPTS + " attempts"), e.getMessage());
            }
            // 1 first GET (cut at 50,000 bytes) + 4 resumes (each 503): 5 requests in all. Before the retries were
            // flattened, each resume ran its own 5-attempt loop: 1 + 4 x 5 = 21.
            assertEquals(ATTEMPTS, proxy.seen().size(), proxy.seen().toString());
        }
    }

    @Test
    void aSourceThatDiesMidCopyEndsTheUploadWithoutRetryingIt() throws IOException {
        try (TestRegistryProxy source = TestRegistryProxy.inFrontOf(registry);
             TestRegistryProxy target = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore from = via(source.host(), "budget/source", POLICY);
             RegistryImageStore to = via(target.host(), "budget/copy-" + System.nanoTime(), POLICY)) {
            dieAfterTheFirstBodyBreaks(source);

            RegistryException e = assertThrows(RegistryException.class,
                    () -> to.copyBlobFrom(from, BLOB_DIGEST, BLOB.length));

            assertTrue(e.transientFailure(), e.getMessage());
            assertTrue(e.getMessage().startsWith("blob " + BLOB_DIGEST + " of "), "the source's failure: "
                    + e.getMessage());
            // Source: 5 GETs, the download's budget. Target: HEAD (exists?), POST (session), PUT (cut short) = 3.
            // Before, the upload retried the whole copy 5 times, each with a fresh source download of up to 21
            // requests: dozens of requests for one dead registry.
            assertEquals(ATTEMPTS, source.seen().size(), source.seen().toString());
            assertEquals(List.of("HEAD", "POST", "PUT"), target.seen().stream()
                    .map(TestRegistryProxy.SeenRequest::method).toList());
        }
    }

    @Test
    void aResetConnectionIsATypedTransientFailureAndIsRetried() throws IOException {
        try (TcpFront front = new TcpFront(registry.port());
             RegistryImageStore store = via(front.host(), "budget/source", POLICY)) {
            front.reset();
            RegistryException e = assertThrows(RegistryException.class, () -> store.blobExists(BLOB_DIGEST));
            assertTrue(e.transientFailure(), e.getMessage());
            assertInstanceOf(RegistryNetworkException.class, e.getCause(), "the last attempt's failure, typed");
            // java.net.http itself sends an idempotent request once more when the connection breaks before any
            // response: two connections per attempt of ours
            assertEquals(2 * ATTEMPTS, front.connectionsAccepted(), "every attempt reached the front and was reset");
        }
    }

    @Test
    void noRetryStartsAfterTheOperationsDeadline() throws IOException {
        RetryPolicy patientButShort = new RetryPolicy(50, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(500));
        try (TestRegistryProxy proxy = TestRegistryProxy.inFrontOf(registry);
             RegistryImageStore store = RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false),
                     "budget/source", CredentialsProvider.anonymous(),
                     RegistrySettings.defaults().withRetryPolicy(patientButShort))) {
            proxy.on(r -> true, new Fault.Answer(503, NO_HEADERS, ""), 10_000);

            RegistryException e = assertThrows(RegistryException.class, () -> store.blobExists(BLOB_DIGEST));

            assertTrue(e.getMessage().contains("after the operation's deadline"), e.getMessage());
            // delays of 100-200 ms against a 500 ms deadline: at most 6 attempts, far fewer than the 50 allowed
            int requests = proxy.seen().size();
            assertTrue(requests >= 3 && requests <= 6, requests + " requests");
        }
    }

    @Test
    void theRegistrysErrorCodesReachTheCallerAsTheEnum() throws IOException {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String missing = Digests.sha256("never pushed".getBytes(StandardCharsets.UTF_8));
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digests.sha256(config)
                + "\",\"size\":2},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\""
                + missing + "\",\"size\":12}]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (RegistryImageStore store = via(registry.host(), "budget/codes", new RetryPolicy(2, Duration.ZERO,
                Duration.ZERO))) {
            store.putBlob(Digests.sha256(config), config);
            RegistryException e = assertThrows(RegistryException.class, () -> store.putManifest("v1",
                    new ManifestData(bytes, MediaTypes.OCI_MANIFEST, Digests.sha256(bytes))));
            assertTrue(e.has(RegistryErrorCode.MANIFEST_BLOB_UNKNOWN), e.codes() + ": " + e.getMessage());
            assertEquals(400, e.status());
        }
    }
}
