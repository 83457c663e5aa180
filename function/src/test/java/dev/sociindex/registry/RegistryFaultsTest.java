package dev.sociindex.registry;

import dev.sociindex.oci.MediaTypes;

import dev.sociindex.oci.ManifestData;

import dev.sociindex.oci.Digests;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.testing.TestRegistryProxy.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sociindex.testing.TestBytes.randomBytes;
import static dev.sociindex.testing.TestRegistryProxy.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries, backoff, resumption and ECR-like answers, with a fault-injecting proxy in front of the real registry.
 * Delays are recorded by the sleeper, not waited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryFaultsTest {
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final byte[] BLOB = randomBytes(200_000, 11);
    private static final String BLOB_DIGEST = Digests.sha256(BLOB);

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private LocalRegistry registry;
    private TestRegistryProxy proxy;
    private ManifestData manifest;

    @BeforeAll
    void startRegistryWithAnImage() throws IOException {
        registry = LocalRegistry.start();
        try (RegistryImageStore store = registry.repository("faults/app")) {
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            store.putBlob(Digests.sha256(config), config);
            store.putBlob(BLOB_DIGEST, BLOB);
            String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                    + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + Digests.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + BLOB_DIGEST + "\",\"size\":"
                    + BLOB.length + "}]}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            manifest = new ManifestData(bytes, MediaTypes.OCI_MANIFEST, Digests.sha256(bytes));
            store.putManifest("v1", manifest);
        }
    }

    @AfterAll
    void stopRegistry() throws IOException {
        registry.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        sleeps.clear();
        proxy = TestRegistryProxy.inFrontOf(registry);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private RegistryImageStore viaProxy(String repository) {
        return viaProxy(repository, RegistrySettings.defaults());
    }

    private RegistryImageStore viaProxy(String repository, RegistrySettings base) {
        RegistrySettings settings = base.withRetryPolicy(POLICY).withSleeper(sleeps::add);
        return RegistryImageStore.connect(RegistryEndpoint.forHost(proxy.host(), false), repository,
                CredentialsProvider.anonymous(), settings);
    }

    @Test
    void retriesServiceUnavailableWithGrowingJitteredDelays() throws IOException {
        proxy.on(request("GET", "/blobs/" + BLOB_DIGEST), new Fault.Answer(503, Map.of(), ""), 2);
        try (RegistryImageStore store = viaProxy("faults/app");
             InputStream in = store.openBlob(BLOB_DIGEST, BLOB.length)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
        assertEquals(3, proxy.count(request("GET", "/blobs/" + BLOB_DIGEST)));
        assertEquals(2, sleeps.size());
        assertBetween(Duration.ofMillis(50), Duration.ofMillis(100), sleeps.get(0));
        assertBetween(Duration.ofMillis(100), Duration.ofMillis(200), sleeps.get(1));
    }

    @Test
    void waitsWhatRetryAfterSaysOn429() throws IOException {
        proxy.on(request("GET", "/manifests/v1"), new Fault.Answer(429, Map.of("Retry-After", "3"), ""), 1);
        proxy.on(request("GET", "/manifests/v1"), new Fault.Answer(429, Map.of("Retry-After", "120"), ""), 1);
        try (RegistryImageStore store = viaProxy("faults/app")) {
            assertArrayEquals(manifest.bytes(), store.getManifest("v1").orElseThrow().bytes());
        }
        // the second Retry-After is capped at the policy's maximum delay
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(5)), sleeps);
    }

    @Test
    void doesNotRetryABadRequest() throws IOException {
        String body = "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"manifest invalid\"}]}";
        proxy.on(request("PUT", "/manifests/"), new Fault.Answer(400, Map.of(), body), 10);
        try (RegistryImageStore store = viaProxy("faults/app")) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.putManifest("v2", manifest));
            assertEquals(400, e.status());
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("PUT http://" + proxy.host() + "/v2/faults/app/manifests/v2 answered"
                    + " 400: MANIFEST_INVALID: manifest invalid"), e.getMessage());
        }
        assertEquals(1, proxy.count(request("PUT", "/manifests/")));
        assertEquals(List.of(), sleeps);
    }

    @Test
    void givesUpAfterTheLastAttemptWithATransientFailure() throws IOException {
        proxy.on(request("HEAD", "/blobs/"), new Fault.Answer(503, Map.of(), ""), 100);
        try (RegistryImageStore store = viaProxy("faults/app")) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.blobExists(BLOB_DIGEST));
            assertEquals(503, e.status());
            assertTrue(e.transientFailure());
            assertTrue(e.getMessage().contains("failed after 4 attempts"), e.getMessage());
        }
        assertEquals(4, proxy.count(request("HEAD", "/blobs/")));
    }

    @Test
    void reportsAnUnreachableRegistryAsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RegistrySettings settings = RegistrySettings.defaults().withRetryPolicy(POLICY).withSleeper(sleeps::add);
        try (RegistryImageStore store = RegistryImageStore.connect(
                RegistryEndpoint.forHost("127.0.0.1:" + closedPort, false), "app", CredentialsProvider.anonymous(),
                settings)) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.getManifest("latest"));
            assertEquals(0, e.status());
            assertTrue(e.transientFailure());
            assertTrue(e.getMessage().contains("GET http://127.0.0.1:" + closedPort + "/v2/app/manifests/latest"),
                    e.getMessage());
        }
        assertEquals(3, sleeps.size());
    }

    @Test
    void resumesABlobDownloadFromTheByteReachedWhenTheConnectionDrops() throws IOException {
        proxy.on(request("GET", "/blobs/" + BLOB_DIGEST), new Fault.CutBodyAfter(70_000), 2);
        try (RegistryImageStore store = viaProxy("faults/app");
             InputStream in = store.openBlob(BLOB_DIGEST, BLOB.length)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
        List<String> ranges = proxy.seen().stream().filter(request("GET", "/blobs/" + BLOB_DIGEST))
                .map(r -> r.header("Range").orElse("none")).toList();
        assertEquals(3, ranges.size(), ranges.toString());
        assertEquals("none", ranges.get(0));
        long firstResume = Long.parseLong(ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
        long secondResume = Long.parseLong(ranges.get(2).replaceAll("bytes=(\\d+)-", "$1"));
        assertTrue(firstResume > 0 && firstResume <= 70_000, ranges.toString());
        assertTrue(secondResume > firstResume && secondResume <= firstResume + 70_000, ranges.toString());
        assertEquals(2, sleeps.size());
    }

    @Test
    void cannotResumeWhenTheServerIgnoresRange() throws IOException {
        proxy.on(request("GET", "/blobs/" + BLOB_DIGEST), new Fault.CutBodyAfter(70_000), 1);
        proxy.on(request("GET", "/blobs/" + BLOB_DIGEST), new Fault.IgnoreRange(), 1);
        try (RegistryImageStore store = viaProxy("faults/app");
             InputStream in = store.openBlob(BLOB_DIGEST, BLOB.length)) {
            RegistryException e = assertThrows(RegistryException.class, in::readAllBytes);
            assertTrue(e.transientFailure());
            assertEquals(200, e.status());
            assertTrue(e.getMessage().contains("ignored the Range request"), e.getMessage());
        }
    }

    @Test
    void givesUpResumingAfterTheLastAttempt() throws IOException {
        proxy.on(request("GET", "/blobs/" + BLOB_DIGEST), new Fault.CutBodyAfter(1_000), 100);
        try (RegistryImageStore store = viaProxy("faults/app");
             InputStream in = store.openBlob(BLOB_DIGEST, BLOB.length)) {
            RegistryException e = assertThrows(RegistryException.class, in::readAllBytes);
            assertTrue(e.transientFailure());
            assertTrue(e.getMessage().contains("gave up after 3 resumes"), e.getMessage());
        }
        assertEquals(4, proxy.count(request("GET", "/blobs/" + BLOB_DIGEST)));
    }

    @Test
    void mountsWithinOneRegistryWithoutCopyingBytes() throws IOException {
        try (RegistryImageStore source = viaProxy("faults/app");
             RegistryImageStore target = viaProxy("faults/mounted")) {
            target.copyBlobFrom(source, BLOB_DIGEST, BLOB.length);
            assertTrue(target.blobExists(BLOB_DIGEST));
        }
        assertEquals(1, proxy.count(request("POST", "mount=")));
        assertEquals(0, proxy.count(request("GET", "/blobs/")));
        assertEquals(0, proxy.count(request("PUT", "/blobs/")));
    }

    @Test
    void uploadsTheBytesWhenTheRegistryAnswersAMountWith202() throws IOException {
        proxy.on(request("POST", "mount="), new Fault.RefuseMount(), 1);
        try (RegistryImageStore source = viaProxy("faults/app");
             RegistryImageStore target = viaProxy("faults/refused-mount")) {
            target.copyBlobFrom(source, BLOB_DIGEST, BLOB.length);
            assertTrue(target.blobExists(BLOB_DIGEST));
            try (InputStream in = target.openBlob(BLOB_DIGEST, BLOB.length)) {
                assertArrayEquals(BLOB, in.readAllBytes());
            }
        }
        assertEquals(1, proxy.count(request("POST", "mount=")));
        assertEquals(1, proxy.count(request("GET", "/v2/faults/app/blobs/" + BLOB_DIGEST)));
        assertEquals(1, proxy.count(request("PUT", "/v2/faults/refused-mount/blobs/uploads/")));
    }

    @Test
    void restartsAFailedUploadWithANewSession() throws IOException {
        byte[] content = randomBytes(30_000, 12);
        proxy.on(request("PUT", "/blobs/uploads/"), new Fault.Answer(500, Map.of(), "storage hiccup"), 1);
        try (RegistryImageStore store = viaProxy("faults/upload")) {
            store.putBlob(Digests.sha256(content), content);
            try (InputStream in = store.openBlob(Digests.sha256(content), content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
        assertEquals(2, proxy.count(request("POST", "/blobs/uploads/")));
        assertEquals(2, proxy.count(request("PUT", "/blobs/uploads/")));
    }

    @Test
    void refusesAManifestWhoseBytesDoNotMatchTheRequestedDigest() throws IOException {
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}";
        proxy.on(request("GET", "/manifests/" + manifest.digest()),
                new Fault.Answer(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), body), 1);
        try (RegistryImageStore store = viaProxy("faults/app")) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.getManifest(manifest.digest()));
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("sent bytes whose digest is "
                    + Digests.sha256(body.getBytes(StandardCharsets.UTF_8))), e.getMessage());
        }
    }

    @Test
    void refusesAManifestLargerThanTheLimit() throws IOException {
        try (RegistryImageStore store = viaProxy("faults/app", RegistrySettings.defaults().withMaxManifestBytes(100))) {
            RegistryException e = assertThrows(RegistryException.class, () -> store.getManifest("v1"));
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains("manifest v1 of " + proxy.host() + "/faults/app is "
                    + manifest.bytes().length + " bytes, more than the limit of 100"), e.getMessage());
        }
    }

    @Test
    void followsTagListPages() throws IOException {
        List<String> expected = List.of("t1", "t2", "t3", "t4", "t5");
        try (RegistryImageStore source = registry.repository("faults/app");
             RegistryImageStore store = registry.repository("faults/paged")) {
            store.copyBlobFrom(source, BLOB_DIGEST, BLOB.length);
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            store.copyBlobFrom(source, Digests.sha256(config), config.length);
            for (String tag : expected) {
                store.putManifest(tag, manifest);
            }
        }
        proxy.on(request("GET", "/tags/list"), new Fault.PaginateTags(), 100);
        try (RegistryImageStore store = viaProxy("faults/paged", RegistrySettings.defaults().withTagsPageSize(2))) {
            assertEquals(expected, store.listTags());
        }
        assertEquals(3, proxy.count(request("GET", "/tags/list")));
    }

    private static void assertBetween(Duration low, Duration high, Duration actual) {
        assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
                actual + " not within [" + low + ", " + high + "]");
    }
}
