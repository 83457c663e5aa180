package dev.sociindex.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.AwsJsonServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The ECR listing against a local endpoint speaking ECR's JSON protocol, pages included. */
class EcrCatalogTest {
    private static final String ACCOUNT = "123456789012";

    @Test
    void listsEveryRepositoryAndEveryTagAcrossPages() throws IOException {
        try (AwsJsonServer server = new AwsJsonServer(request -> switch (request.target()) {
            case "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories" -> request.body().contains("\"nextToken\"")
                    ? "{\"repositories\":[{\"repositoryName\":\"team/b\"}]}"
                    : "{\"repositories\":[{\"repositoryName\":\"team/a\"}],\"nextToken\":\"page2\"}";
            case "AmazonEC2ContainerRegistry_V20150921.DescribeImages" -> request.body().contains("\"nextToken\"")
                    ? "{\"imageDetails\":[{\"imageDigest\":\"sha256:" + "c".repeat(64) + "\",\"imageTags\":[\"3.0\"]}]}"
                    : "{\"imageDetails\":[{\"imageDigest\":\"sha256:" + "a".repeat(64) + "\",\"imageTags\":[\"1.0\",\"latest\"]},"
                            + "{\"imageDigest\":\"sha256:" + "b".repeat(64) + "\",\"imageTags\":[\"2.0\"]}],\"nextToken\":\"next\"}";
            default -> throw new IllegalStateException("unexpected operation " + request.target());
        }); EcrClient ecr = client(server)) {
            EcrCatalog catalog = new EcrCatalog(ecr, ACCOUNT);
            assertEquals(List.of("team/a", "team/b"), catalog.repositories());
            assertEquals(List.of("1.0", "latest", "2.0", "3.0"), catalog.tags("team/a"));

            AwsJsonServer.Request describeImages = server.requests().stream()
                    .filter(r -> r.target().endsWith("DescribeImages")).findFirst().orElseThrow();
            assertTrue(describeImages.body().contains("\"registryId\":\"" + ACCOUNT + "\""), describeImages.body());
            assertTrue(describeImages.body().contains("\"repositoryName\":\"team/a\""), describeImages.body());
            assertTrue(describeImages.body().contains("\"tagStatus\":\"TAGGED\""), describeImages.body());
        }
    }

    @Test
    void aServiceErrorNamesTheCallAndTheRepository() throws IOException {
        try (AwsJsonServer server = new AwsJsonServer(request -> "not json"); EcrClient ecr = client(server)) {
            IOException error = assertThrows(IOException.class, () -> new EcrCatalog(ecr, ACCOUNT).tags("team/a"));
            assertTrue(error.getMessage().startsWith("ECR DescribeImages of 123456789012/team/a failed"), error.getMessage());
        }
    }

    private static EcrClient client(AwsJsonServer server) {
        return EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build();
    }
}
