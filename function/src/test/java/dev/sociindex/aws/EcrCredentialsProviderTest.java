package dev.sociindex.aws;

import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.RegistryException;
import dev.sociindex.testing.AwsJsonServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Against a local endpoint that speaks ECR's JSON protocol for GetAuthorizationToken. Each answer carries a new
 * password ("secret-1", "secret-2", ...) that expires 12 hours after the test clock's time of the request.
 */
class EcrCredentialsProviderTest {
    private static final String HOST = "123456789012.dkr.ecr.eu-central-1.amazonaws.com";
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private volatile String nextResponse;
    private AwsJsonServer server;
    private EcrClient ecr;

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void startEndpoint() throws IOException {
        server = new AwsJsonServer(request -> {
            targets.add(request.target());
            int n = tokenRequests.incrementAndGet();
            return nextResponse != null ? nextResponse : tokenResponse("AWS:secret-" + n,
                    clock.instant().plus(Duration.ofHours(12)));
        });
        ecr = EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .build();
    }

    @AfterEach
    void stopEndpoint() {
        ecr.close();
        server.close();
    }

    private static String tokenResponse(String userAndPassword, Instant expiresAt) {
        String token = Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
        return "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":"
                + expiresAt.getEpochSecond() + ",\"proxyEndpoint\":\"https://" + HOST + "\"}]}";
    }

    private EcrCredentialsProvider provider() {
        return new EcrCredentialsProvider(ecr, Region.EU_CENTRAL_1, clock);
    }

    @Test
    void decodesTheTokenIntoUserAndPassword() throws IOException {
        Optional<Credentials> credentials = provider().credentialsFor(HOST);

        assertEquals(Optional.of(new Credentials("AWS", "secret-1")), credentials);
        assertEquals(List.of("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"), targets);
    }

    @Test
    void twoLookupsCostOneCall() throws IOException {
        EcrCredentialsProvider provider = provider();

        Credentials first = provider.credentialsFor(HOST).orElseThrow();
        clock.set(START.plus(Duration.ofHours(6)));
        Credentials second = provider.credentialsFor(HOST + ":443").orElseThrow();

        assertEquals(first, second);
        assertEquals(1, tokenRequests.get());
    }

    @Test
    void aTokenIsRenewedFiveMinutesBeforeItExpires() throws IOException {
        EcrCredentialsProvider provider = provider();
        Instant expiry = START.plus(Duration.ofHours(12));

        assertEquals("secret-1", provider.credentialsFor(HOST).orElseThrow().password());
        clock.set(expiry.minus(Duration.ofMinutes(5)).minusSeconds(1));
        assertEquals("secret-1", provider.credentialsFor(HOST).orElseThrow().password());
        clock.set(expiry.minus(Duration.ofMinutes(5)));
        assertEquals("secret-2", provider.credentialsFor(HOST).orElseThrow().password());
        assertEquals(2, tokenRequests.get());
    }

    @Test
    void concurrentLookupsShareOneFetch() throws Exception {
        EcrCredentialsProvider provider = provider();
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Credentials>> lookups = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                lookups.add(() -> {
                    ready.countDown();
                    ready.await();
                    return provider.credentialsFor(HOST).orElseThrow();
                });
            }
            for (Future<Credentials> result : pool.invokeAll(lookups)) {
                assertEquals(new Credentials("AWS", "secret-1"), result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, tokenRequests.get());
    }

    @Test
    void hostsThatAreNotEcrGetNoCredentialsAndNoCall() throws IOException {
        assertEquals(Optional.empty(), provider().credentialsFor("127.0.0.1:5000"));
        assertEquals(Optional.empty(), provider().credentialsFor("ghcr.io"));
        assertEquals(0, tokenRequests.get());
    }

    @Test
    void anEcrHostOfAnotherRegionIsRefused() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> provider().credentialsFor("123456789012.dkr.ecr.us-east-1.amazonaws.com"));

        assertTrue(e.getMessage().contains("holds tokens for eu-central-1 only"), e.getMessage());
        assertEquals(false, e.transientFailure());
        assertEquals(0, tokenRequests.get());
    }

    @Test
    void aTokenThatIsNotUserColonPasswordIsAPermanentError() {
        nextResponse = tokenResponse("no-colon-here", START.plus(Duration.ofHours(12)));

        RegistryException e = assertThrows(RegistryException.class, () -> provider().credentialsFor(HOST));

        assertTrue(e.getMessage().contains("does not decode to 'user:password'"), e.getMessage());
        assertEquals(false, e.transientFailure());
    }

    @Test
    void anUnreachableEndpointIsATransientRegistryError() {
        EcrClient unreachable = EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .build();

        RegistryException e = assertThrows(RegistryException.class,
                () -> new EcrCredentialsProvider(unreachable, Region.EU_CENTRAL_1, clock).credentialsFor(HOST));

        assertTrue(e.transientFailure(), e.getMessage());
        assertEquals(0, e.status());
        unreachable.close();
    }
}
