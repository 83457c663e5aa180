package dev.sociindex.lambda;

import dev.sociindex.testing.MutableClock;

import dev.sociindex.report.CompletionPublisher;
import dev.sociindex.report.FailureSink;
import dev.sociindex.lambda.local.LocalContext;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.Converter;
import dev.sociindex.registry.CredentialsProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The handler wired as in a local run (EMF, DLQ records and completion events printed), with every stream captured
 * and the clock in the test's hands. Registry access goes to in-memory stores whose opening is recorded.
 */
final class Harness {
    static final Instant START = Instant.parse("2026-11-20T10:16:00Z");

    final CapturedOutput emf = new CapturedOutput();
    final CapturedOutput printed = new CapturedOutput();
    final MutableClock clock = new MutableClock(START);
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<MemoryImageStore> stores = new CopyOnWriteArrayList<>();
    Duration invocationTimeout = Duration.ofMinutes(15);
    Config config = Config.fromEnvironment(Map.of());

    IndexerHandler handler(Converter converter) {
        return Handlers.create(config, storeFactory(), converter, CredentialsProvider.anonymous(),
                EmfIndexerMetrics.printingTo(emf.stream), printed.stream, clock);
    }

    IndexerHandler handler(Converter converter, FailureSink failures, CompletionPublisher completions) {
        return new IndexerHandler(config, storeFactory(), CredentialsProvider.anonymous(), converter,
                EmfIndexerMetrics.printingTo(emf.stream), failures, completions, clock);
    }

    StoreFactory storeFactory() {
        return (host, plainHttp, repository, credentials) -> {
            opened.add((plainHttp ? "http://" : "https://") + host + "/" + repository);
            MemoryImageStore store = new MemoryImageStore(host + "/" + repository);
            stores.add(store);
            return store;
        };
    }

    LocalContext context() {
        return new LocalContext(clock, invocationTimeout, printed.stream);
    }

    /** Invokes like the Lambda runtime does and returns the handler's JSON response. */
    JsonNode invoke(IndexerHandler handler, byte[] payload) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload), response, context());
        return CapturedOutput.parse(response.toString(StandardCharsets.UTF_8));
    }

    JsonNode invoke(IndexerHandler handler, Path eventFile) throws IOException {
        return invoke(handler, Files.readAllBytes(eventFile));
    }

    JsonNode invoke(IndexerHandler handler, String payload) throws IOException {
        return invoke(handler, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a converter reports for a two-platform image: amd64 and arm64 each with one large layer that got a zTOC,
     * sharing one small layer that did not.
     */
    static ConversionResult converted(String sourceDigest, String outputDigest) {
        ConversionResult.LayerOutcome small = new ConversionResult.LayerOutcome(digest('5'), 4096,
                "application/vnd.oci.image.layer.v1.tar+gzip", null, 0, "below-min-size", "smaller than the minimum layer size");
        ConversionResult.LayerOutcome amd = new ConversionResult.LayerOutcome(digest('a'), 20L << 20,
                "application/vnd.oci.image.layer.v1.tar+gzip", digest('b'), 70_000, null, null);
        ConversionResult.LayerOutcome arm = new ConversionResult.LayerOutcome(digest('c'), 30L << 20,
                "application/vnd.oci.image.layer.v1.tar+gzip", digest('d'), 90_000, null, null);
        return new ConversionResult(ConversionResult.Status.CONVERTED, "registry/repo@" + sourceDigest, sourceDigest,
                "registry/repo:out", outputDigest, List.of(
                new ConversionResult.PlatformResult("linux/amd64", digest('1'), digest('2'), List.of(amd, small)),
                new ConversionResult.PlatformResult("linux/arm64", digest('3'), digest('4'), List.of(arm, small))));
    }

    static String digest(char fill) {
        return "sha256:" + String.valueOf(fill).repeat(64);
    }
}
