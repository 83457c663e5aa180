package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.aws.EventBridgeCompletionPublisher;
import dev.sociindex.aws.SqsFailureSink;
import dev.sociindex.cache.InMemoryZtocCache;
import dev.sociindex.cache.StoreOpener;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.Converter;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.StoreLocator;
import dev.sociindex.testing.TestRegistryProxy;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import dev.sociindex.ztoc.CheckpointSpill;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A zTOC recorded in the cache by a conversion in one repository is reused in another with the access that
 * conversion has. Through a registry override ({@code SOCI_REGISTRY_ENDPOINT}) the function offers the override the
 * credentials of the event's ECR registry; the registry here accepts exactly those (as ECR takes its token), so a
 * recorded store opened with the function's plain credentials (none for the override's host) would be refused, and
 * the layer indexed again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordedStoresReuseTest {
    /** The ECR registry the sample event names (its account and region). */
    private static final String EVENT_ECR_HOST = RegistryAddress.ecr("123456789012", "eu-central-1").host();

    private RegistryWorld world;
    private RegistryWorld.Run run;

    @BeforeAll
    void start() throws IOException {
        world = RegistryWorld.start();
        run = world.freshRun();
    }

    @AfterAll
    void stop() throws IOException {
        run.close();
        world.close();
    }

    @Test
    void aZtocRecordedInAnotherRepositoryIsTakenFromItWithTheConversionsCredentials() throws Exception {
        ManifestData first = world.push("reuse/first", "v1");
        ManifestData second = world.push("reuse/second", "v1");
        CredentialsProvider ecrOnly = host -> host.equals(EVENT_ECR_HOST)
                ? Optional.of(new Credentials(RegistryWorld.USER, RegistryWorld.PASSWORD)) : Optional.empty();
        // The converter's own opener holds what the function had before: its plain credentials.
        StoreOpener plain = StoreOpener.of(new StoreLocator(ecrOnly, RegistryWorld.FAST_RETRIES, false));
        Converter converter = LambdaWiring.converter(new ZtocReuse(new InMemoryZtocCache(), plain),
                CheckpointSpill.defaults());
        IndexerHandler handler = new IndexerHandler(run.config(Map.of()),
                LambdaWiring.storeFactory(RegistryWorld.FAST_RETRIES), ecrOnly, converter,
                EmfIndexerMetrics.printingTo(run.emf.stream), new SqsFailureSink(world.sqs, run.queueUrl),
                new EventBridgeCompletionPublisher(run.events, RegistryWorld.BUS, Defaults.EVENT_SOURCE),
                Clock.systemUTC());

        JsonNode indexed = run.invoke(handler, world.event("reuse/first", first.digest(), "v1"));
        assertEquals("indexed", indexed.path("status").asText(), indexed.toString());
        assertEquals(2, indexed.path("completion").path("layersIndexed").asInt(), indexed.toString());

        int mark = run.proxy.seen().size();
        JsonNode reused = run.invoke(handler, world.event("reuse/second", second.digest(), "v1"));

        assertEquals("indexed", reused.path("status").asText(), reused.toString());
        List<String> layerReads = layerReadsSince(mark, "reuse/second", second);
        assertEquals(List.of(), layerReads, "layers of reuse/second read although their zTOCs were in the cache;"
                + " log: " + run.logs.lines());
        long reuseLines = run.logs.lines().stream().filter(line -> line.contains("reused zTOC")
                && line.contains("recorded in " + run.proxy.host() + "/reuse/first")).count();
        assertEquals(2, reuseLines, run.logs.lines().toString());
        try (RegistryImageStore store = world.registry.repository("reuse/second")) {
            VerificationReport report = new ImageVerifier(store).verify("v1-soci");
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(2, report.ztocs());
        }
        assertTrue(run.dlq().isEmpty());
    }

    /** GETs of the image's layer blobs in {@code repository} that the proxy saw from index {@code from} on. */
    private List<String> layerReadsSince(int from, String repository, ManifestData image) throws IOException {
        List<String> layers = ImageManifest.parse(image.bytes()).layerList().stream().map(Descriptor::digest)
                .toList();
        List<TestRegistryProxy.SeenRequest> seen = run.proxy.seen();
        return seen.subList(from, seen.size()).stream()
                .filter(r -> r.method().equals("GET"))
                .map(TestRegistryProxy.SeenRequest::pathAndQuery)
                .filter(path -> path.startsWith("/v2/" + repository + "/blobs/")
                        && layers.stream().anyMatch(path::endsWith))
                .toList();
    }
}
