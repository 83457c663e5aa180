package dev.sociindex.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** AWS credentials of one role, renewed through {@link RoleSessions} five minutes before the session expires. */
public final class AssumedRoleCredentialsProvider implements AwsCredentialsProvider {
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final RoleSessions sessions;
    private final String roleArn;
    private final String sessionName;
    private final Clock clock;
    private RoleSessions.Session current;

    public AssumedRoleCredentialsProvider(RoleSessions sessions, String roleArn, String sessionName, Clock clock) {
        this.sessions = sessions;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.clock = clock;
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (current == null || !clock.instant().isBefore(current.expiration().minus(REFRESH_MARGIN))) {
            try {
                current = sessions.assume(roleArn, sessionName);
            } catch (IOException e) {
                // the SDK's provider contract has no checked exception; the ECR provider reports it with the call
                throw new UncheckedIOException(e);
            }
        }
        return AwsSessionCredentials.create(current.accessKeyId(), current.secretAccessKey(), current.sessionToken());
    }
}
