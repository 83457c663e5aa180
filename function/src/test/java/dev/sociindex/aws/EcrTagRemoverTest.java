package dev.sociindex.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.AwsJsonServer;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Untagging through ECR's JSON protocol on a local endpoint: by tag only, so other tags of the image stay. */
class EcrTagRemoverTest {
    private static final String ACCOUNT = "123456789012";
    private static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.BatchDeleteImage";

    @Test
    void removesTheTagByNameOnly() throws IOException {
        try (AwsJsonServer server = new AwsJsonServer(request -> "{\"imageIds\":[{\"imageDigest\":\"sha256:" + "a".repeat(64)
                + "\",\"imageTag\":\"v1-soci\"}],\"failures\":[]}"); EcrClient ecr = client(server)) {
            assertTrue(new EcrTagRemover(ecr, ACCOUNT).removeTag("team/app", "v1-soci"));
            AwsJsonServer.Request request = server.requests().get(0);
            assertEquals(TARGET, request.target());
            assertEquals("{\"registryId\":\"123456789012\",\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageTag\":\"v1-soci\"}]}",
                    request.body());
        }
    }

    @Test
    void aTagAlreadyGoneIsNotAnErrorButOtherFailuresAre() throws IOException {
        try (AwsJsonServer server = new AwsJsonServer(request -> request.body().contains("gone")
                ? "{\"imageIds\":[],\"failures\":[{\"imageId\":{\"imageTag\":\"gone\"},\"failureCode\":\"ImageNotFound\",\"failureReason\":\"Requested image not found\"}]}"
                : "{\"imageIds\":[],\"failures\":[{\"imageId\":{\"imageTag\":\"v1-soci\"},\"failureCode\":\"KmsError\",\"failureReason\":\"key disabled\"}]}");
             EcrClient ecr = client(server)) {
            EcrTagRemover remover = new EcrTagRemover(ecr, ACCOUNT);
            assertFalse(remover.removeTag("team/app", "gone"));
            IOException e = assertThrows(IOException.class, () -> remover.removeTag("team/app", "v1-soci"));
            assertEquals("ECR BatchDeleteImage of 123456789012/team/app:v1-soci refused: KmsError: key disabled", e.getMessage());
        }
    }

    static EcrClient client(AwsJsonServer server) {
        return EcrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build();
    }
}
