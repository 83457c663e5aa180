package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sociindex.aws.AssumedRoles;
import dev.sociindex.aws.EcrCredentialsProvider;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.RegistryException;
import dev.sociindex.testing.AwsJsonServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A source account's registry through its role, with the SDK's STS client and assume-role provider against a local
 * STS (Query protocol) and a local ECR: what reaches the failure classifier when STS refuses or throttles.
 */
class AssumedRoleFailuresTest {
    private static final String ROLE = "arn:aws:iam::111111111111:role/soci-reader";
    private static final Region REGION = Region.EU_WEST_1;
    private static final String REGISTRY = "111111111111.dkr.ecr.eu-west-1.amazonaws.com";

    private final FailureClassifier classifier = new FailureClassifier();
    private final List<String> stsRequests = new CopyOnWriteArrayList<>();
    private HttpServer sts;
    private AwsJsonServer ecr;
    private volatile int stsStatus = 200;
    private volatile String stsAnswer;

    @BeforeEach
    void startLocalStsAndEcr() throws IOException {
        stsAnswer = StsAnswers.assumeRoleGranted(Instant.now().plus(Duration.ofHours(1)));
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", exchange -> {
            stsRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = stsAnswer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(stsStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        sts.start();
        ecr = new AwsJsonServer(request -> "{\"authorizationData\":[{\"authorizationToken\":\""
                + Base64.getEncoder().encodeToString("AWS:role-token".getBytes(StandardCharsets.UTF_8))
                + "\",\"expiresAt\":" + Instant.now().plus(Duration.ofHours(12)).getEpochSecond() + "}]}");
    }

    @AfterEach
    void stop() {
        sts.stop(0);
        ecr.close();
    }

    private AssumedRoles roles() {
        StsClient client = StsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(URI.create("http://127.0.0.1:" + sts.getAddress().getPort()))
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFN", "fn")))
                // the SDK's own retries are not under test; without them a throttled call answers at once
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        return new AssumedRoles(client, "soci-index-builder");
    }

    private EcrCredentialsProvider registryCredentialsThrough(AssumedRoles roles) {
        EcrClient client = EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(ecr.endpoint())
                .region(REGION)
                .credentialsProvider(roles.forRole(ROLE))
                .build();
        return new EcrCredentialsProvider(client, REGION, Clock.systemUTC(), "role " + ROLE);
    }

    @Test
    void theRolesSessionGetsTheRegistryTokenAndIsAssumedOncePerRole() throws IOException {
        try (AssumedRoles roles = roles()) {
            assertSame(roles.forRole(ROLE), roles.forRole(ROLE), "one provider per role");
            EcrCredentialsProvider registry = registryCredentialsThrough(roles);

            assertEquals(Optional.of(new Credentials("AWS", "role-token")), registry.credentialsFor(REGISTRY));
            roles.forRole(ROLE).resolveCredentials();

            assertEquals(1, stsRequests.size(), stsRequests.toString());
            assertTrue(stsRequests.getFirst().contains("Action=AssumeRole"), stsRequests.getFirst());
            assertTrue(stsRequests.getFirst().contains("RoleSessionName=soci-index-builder"), stsRequests.getFirst());
            assertTrue(ecr.requests().getFirst().target().endsWith("GetAuthorizationToken"));
        }
    }

    @Test
    void accessDeniedIsPermanentAndNamesTheRole() {
        stsStatus = 403;
        stsAnswer = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>AccessDenied</Code><Message>User: arn:aws:sts::222222222222:assumed-role/fn/x is not"
                + " authorized to perform: sts:AssumeRole</Message></Error><RequestId>req-2</RequestId>"
                + "</ErrorResponse>";
        try (AssumedRoles roles = roles()) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> registryCredentialsThrough(roles).credentialsFor(REGISTRY));

            Failure failure = classifier.classify(e);
            assertEquals(Failure.Kind.PERMANENT, failure.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("as role " + ROLE), e.getMessage());
            assertTrue(e.getMessage().contains("AccessDenied") || e.getMessage().contains("not authorized"),
                    e.getMessage());
            assertEquals(403, e.status());
        }
    }

    @Test
    void throttlingIsTransient() {
        stsStatus = 400;
        stsAnswer = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>req-3</RequestId>"
                + "</ErrorResponse>";
        try (AssumedRoles roles = roles()) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> registryCredentialsThrough(roles).credentialsFor(REGISTRY));

            assertEquals(Failure.Kind.TRANSIENT, classifier.classify(e).kind(), e.getMessage());
            assertTrue(e.getMessage().contains("as role " + ROLE), e.getMessage());
        }
    }
}
