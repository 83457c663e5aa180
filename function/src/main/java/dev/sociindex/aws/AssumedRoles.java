package dev.sociindex.aws;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Credentials of other accounts' roles through STS {@code AssumeRole}, with the SDK's STS client (regional
 * endpoint) and its {@link StsAssumeRoleCredentialsProvider}, which renews a session before it expires. One provider
 * per role for the life of the JVM: warm invocations reuse the session instead of assuming the role again.
 */
public final class AssumedRoles implements AutoCloseable {
    static final Duration SESSION_LENGTH = Duration.ofHours(1);

    private final StsClient sts;
    private final String sessionName;
    private final ConcurrentMap<String, StsAssumeRoleCredentialsProvider> byRole = new ConcurrentHashMap<>();

    public AssumedRoles(StsClient sts, String sessionName) {
        this.sts = sts;
        this.sessionName = sessionName;
    }

    /** STS of {@code region}, called with {@code credentials} (the function's own role). */
    public static AssumedRoles inRegion(Region region, AwsCredentialsProvider credentials, String sessionName) {
        return new AssumedRoles(StsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region)
                .credentialsProvider(credentials)
                .build(), sessionName);
    }

    /** The credentials of {@code roleArn}; the same provider every time for the same role. */
    public AwsCredentialsProvider forRole(String roleArn) {
        return byRole.computeIfAbsent(roleArn, role -> StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(role).roleSessionName(sessionName)
                        .durationSeconds((int) SESSION_LENGTH.toSeconds()))
                .build());
    }

    @Override
    public void close() {
        byRole.values().forEach(StsAssumeRoleCredentialsProvider::close);
        sts.close();
    }
}
