package dev.sociindex.aws;

import dev.sociindex.testing.MutableClock;
import dev.sociindex.testing.StubHttpServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** AssumeRole against a local endpoint speaking STS's Query protocol. */
class StsRoleSessionsTest {
    private static final String ROLE = "arn:aws:iam::111111111111:role/soci-reader";
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private StubHttpServer server;
    private int status = 200;
    private String answer = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
                  <SecretAccessKey>secret-of-the-role</SecretAccessKey>
                  <SessionToken>session-token</SessionToken>
                  <Expiration>2026-11-24T11:00:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/soci-reader/soci-index-builder</Arn></AssumedRoleUser>
              </AssumeRoleResult>
            </AssumeRoleResponse>
            """;

    private StsRoleSessions sessions() throws IOException {
        server = StubHttpServer.start(request -> {
            requests.add(Map.of("body", request.bodyText(),
                    "authorization", String.valueOf(request.header("Authorization").orElse(null)),
                    "date", String.valueOf(request.header("X-Amz-Date").orElse(null))));
            return StubHttpServer.Reply.text(status, answer);
        });
        return new StsRoleSessions(URI.create(server.uri() + "/"), "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFUNCTION", "function-secret")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void assumesTheRoleWithASignedRequest() throws IOException {
        RoleSessions.Session session = sessions().assume(ROLE, "soci-index-builder");
        assertEquals(new RoleSessions.Session("ASIAEXAMPLE", "secret-of-the-role", "session-token",
                Instant.parse("2026-11-24T11:00:00Z")), session);
        Map<String, String> request = requests.getFirst();
        assertEquals("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fsoci-reader"
                + "&RoleSessionName=soci-index-builder&DurationSeconds=3600", request.get("body"));
        String authorization = request.get("authorization");
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDFUNCTION/"), authorization);
        assertTrue(authorization.contains("/eu-west-1/sts/aws4_request"), authorization);
        assertTrue(authorization.contains("Signature="), authorization);
    }

    @Test
    void aRefusalNamesTheRoleAndStsReason() throws IOException {
        status = 403;
        answer = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                + "<Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>";
        IOException error = assertThrows(IOException.class, () -> sessions().assume(ROLE, "soci-index-builder"));
        assertTrue(error.getMessage().startsWith("STS AssumeRole of " + ROLE + " at http://127.0.0.1:"), error.getMessage());
        assertTrue(error.getMessage().endsWith("answered 403: AccessDenied: not authorized to perform sts:AssumeRole"), error.getMessage());
    }

    @Test
    void theRolesCredentialsAreRenewedBeforeTheSessionEnds() throws IOException {
        StsRoleSessions sts = sessions();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        AssumedRoleCredentialsProvider provider = new AssumedRoleCredentialsProvider(sts, ROLE, "soci-index-builder", clock);
        AwsSessionCredentials first = (AwsSessionCredentials) provider.resolveCredentials();
        assertEquals("session-token", first.sessionToken());
        clock.advance(Duration.ofSeconds(54 * 60 + 59));
        provider.resolveCredentials();
        assertEquals(1, requests.size(), "still valid for more than five minutes");
        clock.advance(Duration.ofSeconds(1));
        provider.resolveCredentials();
        assertEquals(2, requests.size(), "renewed five minutes before expiry");
    }
}
