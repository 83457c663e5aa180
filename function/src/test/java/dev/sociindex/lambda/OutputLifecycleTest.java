package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.aws.EcrTagRemover;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.CraftedImages;
import dev.sociindex.convert.CraftedImages.Entry;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.report.PrintStreamCompletionPublisher;
import dev.sociindex.report.PrintStreamFailureSink;
import dev.sociindex.testing.AwsJsonServer;
import dev.sociindex.testing.Encoders;
import dev.sociindex.bench.LocalRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code SOCI_UNTAG_ON_DELETE}: the handler, given an ECR DELETE of a source tag, reads {@code <tag>-soci} from the
 * real registry and untags it through ECR's API (a local endpoint speaking its JSON protocol) only when it holds our
 * output built from the deleted image; off by default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputLifecycleTest {
    private static final String REPOSITORY = "team/web-app";

    private LocalRegistry registry;
    private AwsJsonServer ecrApi;
    private EcrClient ecr;
    private ManifestData v1;
    private ManifestData v2;
    private final Harness harness = new Harness();

    @BeforeAll
    void pushAndConvert(@TempDir Path scratch) throws IOException {
        registry = LocalRegistry.start();
        ecrApi = new AwsJsonServer(request -> "{\"imageIds\":[{\"imageTag\":\"v1-soci\"}],\"failures\":[]}");
        ecr = EcrClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(ecrApi.endpoint())
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"))).build();
        try (RegistryImageStore store = registry.repository(REPOSITORY)) {
            byte[] tar = CraftedImages.tar(scratch, List.of(Entry.file("data.bin", Encoders.randomBytes(41, 200_000))));
            v1 = CraftedImages.push(store, "v1", List.of(tar));
            byte[] other = CraftedImages.tar(scratch, List.of(Entry.file("other.bin", Encoders.randomBytes(42, 200_000))));
            v2 = CraftedImages.push(store, "v2", List.of(other));
            ImageConverter converter = new ImageConverter();
            assertEquals(ConversionResult.Status.CONVERTED, converter.convert(store, "v1", store, options()).status());
            // v2-soci holds the conversion of v1, not of v2: not ours to retire when v2 goes
            assertEquals(ConversionResult.Status.CONVERTED, converter.convert(store, "v1", store, options().withOutputTag("v2-soci")).status());
        }
    }

    @AfterAll
    void stop() throws IOException {
        ecr.close();
        ecrApi.close();
        registry.close();
    }

    @Test
    void aDeletedSourceTagTakesItsOutputTagWithIt() throws IOException {
        JsonNode response = harness.invoke(handler(true), deleteEvent("v1", v1.digest()));

        assertEquals("retired", response.path("status").asText(), response.toString());
        assertEquals("untagged", response.path("result").asText());
        assertEquals("v1-soci", response.path("outputTag").asText());
        List<AwsJsonServer.Request> calls = ecrApi.requests().stream().filter(r -> r.body().contains("\"v1-soci\"")).toList();
        assertEquals(1, calls.size());
        assertEquals("{\"registryId\":\"123456789012\",\"repositoryName\":\"team/web-app\",\"imageIds\":[{\"imageTag\":\"v1-soci\"}]}",
                calls.get(0).body());
    }

    @Test
    void anOutputTagBuiltFromAnotherImageIsLeftAlone() throws IOException {
        JsonNode response = harness.invoke(handler(true), deleteEvent("v2", v2.digest()));

        assertEquals("not-ours", response.path("result").asText(), response.toString());
        assertTrue(ecrApi.requests().stream().noneMatch(r -> r.body().contains("\"v2-soci\"")));
    }

    @Test
    void withoutTheOptionADeleteIsIgnoredAsBefore() throws IOException {
        JsonNode response = harness.invoke(handler(false), deleteEvent("v1", v1.digest()));

        assertEquals("skipped", response.path("status").asText());
        assertEquals("not-push-success", response.path("reason").asText());
    }

    private IndexerHandler handler(boolean untagOnDelete) {
        Config config = Config.fromEnvironment(Map.of(ConfigKeys.REGISTRY_ENDPOINT, "http://" + registry.host(),
                ConfigKeys.UNTAG_ON_DELETE, Boolean.toString(untagOnDelete), ConfigKeys.MIN_LAYER_SIZE, "0"));
        return new IndexerHandler(config, LambdaWiring.storeFactory(), registry.credentials(), LambdaWiring.converter(),
                EmfIndexerMetrics.printingTo(harness.emf.stream), new PrintStreamFailureSink(harness.printed.stream),
                new PrintStreamCompletionPublisher(harness.printed.stream, "test"), harness.clock,
                (account, region) -> new EcrTagRemover(ecr, account));
    }

    private static dev.sociindex.convert.ConvertOptions options() {
        return new dev.sociindex.convert.ConvertOptions(256 << 10, 0, List.of(), "-soci", null, 2,
                dev.sociindex.contract.Defaults.BUILD_TOOL_IDENTIFIER);
    }

    private static String deleteEvent(String tag, String digest) {
        return """
                {"version":"0","id":"efbb2dbc-5d6f-4a3e-9b41-3c2f0a8d7e65","detail-type":"ECR Image Action","source":"aws.ecr",
                 "account":"123456789012","time":"2026-11-20T10:15:42Z","region":"eu-central-1","resources":[],
                 "detail":{"result":"SUCCESS","repository-name":"%s","image-digest":"%s","action-type":"DELETE","image-tag":"%s"}}
                """.formatted(REPOSITORY, digest, tag);
    }
}
