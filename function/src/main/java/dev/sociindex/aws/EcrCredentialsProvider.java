package dev.sociindex.aws;

import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistryException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * Registry credentials for the private ECR registries of one region, from {@code GetAuthorizationToken}. The token
 * (base64 of {@code AWS:<password>}, valid about 12 hours) works for every registry of the region that the caller's
 * IAM principal may access, so one token is cached for all of them and renewed 5 minutes before it expires.
 * Thread-safe: layers are pulled in parallel and all ask for credentials at once; only one of them fetches.
 *
 * <p>Hosts that are not ECR registries (a local registry in tests) get no credentials. An ECR host of another region
 * is an error: this region's token would be refused there.
 */
public final class EcrCredentialsProvider implements CredentialsProvider {
    /** Renew this long before expiry, so that a token never expires in the middle of a long layer upload. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Pattern ECR_HOST =
            Pattern.compile("[0-9]{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?(?::443)?");

    private final EcrClient ecr;
    private final Region region;
    private final Clock clock;
    /** Whose AWS credentials the calls use, for messages: empty for the function's own, else e.g. a role. */
    private final String principal;
    private final Object fetchLock = new Object();
    private volatile Token cached;

    private record Token(Credentials credentials, Instant renewAt) {
    }

    /** @param region the region {@code ecr} is configured for */
    public EcrCredentialsProvider(EcrClient ecr, Region region, Clock clock) {
        this(ecr, region, clock, "");
    }

    /** @param principal whose credentials {@code ecr} calls with, named in failures (e.g. {@code role arn:...}) */
    public EcrCredentialsProvider(EcrClient ecr, Region region, Clock clock, String principal) {
        this.ecr = ecr;
        this.region = region;
        this.clock = clock;
        this.principal = principal.isEmpty() ? "" : " as " + principal;
    }

    /** A provider with its own client: url-connection HTTP client, explicit region and AWS credentials. */
    /** ECR login for the registries of {@code region} with the AWS SDK's default credentials chain. */
    public static EcrCredentialsProvider withDefaultCredentials(String region) {
        return forRegion(Region.of(region), DefaultCredentialsProvider.builder().build());
    }

    public static EcrCredentialsProvider forRegion(Region region, AwsCredentialsProvider awsCredentials) {
        return forRegion(region, awsCredentials, "");
    }

    /** @param principal whose credentials {@code awsCredentials} are, for messages; empty for the caller's own */
    public static EcrCredentialsProvider forRegion(Region region, AwsCredentialsProvider awsCredentials,
                                                   String principal) {
        EcrClient client = EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region)
                .credentialsProvider(awsCredentials)
                .build();
        return new EcrCredentialsProvider(client, region, Clock.systemUTC(), principal);
    }

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) throws IOException {
        Matcher ecrHost = ECR_HOST.matcher(registryHost);
        if (!ecrHost.matches()) {
            return Optional.empty();
        }
        if (!ecrHost.group(1).equals(region.id())) {
            throw new RegistryException("no ECR credentials for " + registryHost + ": this provider holds tokens for "
                    + region.id() + " only", 0, false, null);
        }
        return Optional.of(token().credentials());
    }

    private Token token() throws IOException {
        Token current = cached;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return current;
        }
        synchronized (fetchLock) {
            current = cached;
            if (current == null || !clock.instant().isBefore(current.renewAt())) {
                current = fetch();
                cached = current;
            }
            return current;
        }
    }

    private Token fetch() throws IOException {
        GetAuthorizationTokenResponse response;
        try {
            response = ecr.getAuthorizationToken(request -> { });
        } catch (SdkException e) {
            // After the SDK's own retries. With a role, STS failures (AccessDenied, throttling) arrive here too,
            // since the SDK resolves the role's credentials for this call.
            int status = e instanceof AwsServiceException service ? service.statusCode() : 0;
            throw new RegistryException("ECR GetAuthorizationToken in " + region.id() + principal + " failed: "
                    + e.getMessage(), status, AwsCallException.isTransient(e), e);
        }
        if (response.authorizationData().isEmpty()) {
            throw new RegistryException("ECR GetAuthorizationToken in " + region.id() + principal
                    + " returned no authorization data", 0, false, null);
        }
        AuthorizationData data = response.authorizationData().getFirst();
        if (data.expiresAt() == null) {
            throw new RegistryException("ECR GetAuthorizationToken in " + region.id() + principal
                    + " returned a token without expiresAt", 0, false, null);
        }
        return new Token(decode(data.authorizationToken()), data.expiresAt().minus(REFRESH_MARGIN));
    }

    /** The token is {@code base64("AWS:" + password)}, ready for HTTP basic authentication once decoded. */
    static Credentials decode(String token) throws RegistryException {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(token == null ? "" : token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("ECR authorization token is not valid base64: " + e.getMessage(), 0, false, e);
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new RegistryException("ECR authorization token does not decode to 'user:password'", 0, false, null);
        }
        return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }
}
