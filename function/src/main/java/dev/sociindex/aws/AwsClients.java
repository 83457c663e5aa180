package dev.sociindex.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients, one each per JVM: created in static initialisers (so that Lambda's init phase, and a
 * SnapStart snapshot, pay for them once) but only when first used, through one holder class per client, so that a
 * local run without a DLQ or a bus never builds those clients. Region and credentials provider are explicit, which
 * skips the SDK's provider-chain search at cold start; the HTTP client is the small url-connection client.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static Region region() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: the AWS clients need an explicit region");
        }
        return Region.of(region);
    }

    public static EcrClient ecr() {
        return EcrHolder.CLIENT;
    }

    public static SqsClient sqs() {
        return SqsHolder.CLIENT;
    }

    public static EventBridgeClient eventBridge() {
        return EventBridgeHolder.CLIENT;
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbHolder.CLIENT;
    }

    /** Lambda puts the role's credentials in the environment; elsewhere (local runs) the default chain applies. */
    public static AwsCredentialsProvider credentials() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }

    private static final class EcrHolder {
        static final EcrClient CLIENT = EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region())
                .credentialsProvider(credentials())
                .build();
    }

    private static final class SqsHolder {
        static final SqsClient CLIENT = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region())
                .credentialsProvider(credentials())
                .build();
    }

    private static final class DynamoDbHolder {
        static final DynamoDbClient CLIENT = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region())
                .credentialsProvider(credentials())
                .build();
    }

    private static final class EventBridgeHolder {
        static final EventBridgeClient CLIENT = EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region())
                .credentialsProvider(credentials())
                .build();
    }
}
