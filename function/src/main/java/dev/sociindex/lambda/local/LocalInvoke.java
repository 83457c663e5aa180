package dev.sociindex.lambda.local;

import dev.sociindex.lambda.Config;
import dev.sociindex.lambda.EmfIndexerMetrics;
import dev.sociindex.lambda.Handlers;
import dev.sociindex.lambda.IndexerHandler;
import dev.sociindex.report.Json;
import dev.sociindex.lambda.RegistryAddress;
import dev.sociindex.lambda.StoreFactory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sociindex.convert.Converter;
import dev.sociindex.registry.CredentialsProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Runs the Lambda handler on an event file, outside Lambda, against any registry: the same guards, conversion,
 * metrics, DLQ record and completion event as in AWS. Log lines and EMF lines (with EMF's Local semantics) go to the
 * given stream, and so do DLQ records and completion events unless the environment names a queue or a bus.
 */
public final class LocalInvoke {
    /** Indexed, or skipped by a guard. */
    public static final int EXIT_OK = 0;
    /** A permanent failure: in AWS it would be in the DLQ. */
    public static final int EXIT_PERMANENT_FAILURE = 1;
    /**
     * A transient failure: in AWS, Lambda would retry the event. 75 is EX_TEMPFAIL of sysexits.h ("try again
     * later"); 2 is the command line's usage error, which a script must be able to tell apart from "retry".
     */
    public static final int EXIT_TRANSIENT_FAILURE = 75;

    private final StoreFactory stores;
    private final Converter converter;
    private final CredentialsProvider credentials;

    public LocalInvoke(StoreFactory stores, Converter converter, CredentialsProvider credentials) {
        this.stores = stores;
        this.converter = converter;
        this.credentials = credentials;
    }

    /**
     * @param registryEndpoint {@code host:port} (or {@code http://} / {@code https://host:port}) to use instead of
     *                         the event's ECR registry, or null; a bare loopback {@code host:port} is plain HTTP, as
     *                         for {@code SOCI_REGISTRY_ENDPOINT}
     * @param plainHttp        forces plain HTTP for {@code registryEndpoint} (ignored when it is null)
     * @return one of the {@code EXIT_} codes
     * @throws IOException when the event file cannot be read
     */
    public int run(Path eventFile, String registryEndpoint, boolean plainHttp, PrintStream out) throws IOException {
        Config config = Config.fromEnvironment(System.getenv());
        if (registryEndpoint != null) {
            RegistryAddress override = RegistryAddress.parseOverride(registryEndpoint);
            config = config.withRegistryOverride(plainHttp ? new RegistryAddress(override.host(), true) : override);
        }
        Clock clock = Clock.systemUTC();
        IndexerHandler handler = Handlers.create(config, stores, converter, credentials,
                EmfIndexerMetrics.printingTo(out), out, clock);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        // Read first: a missing file is the caller's mistake, not a failure of the event.
        byte[] event = Files.readAllBytes(eventFile);
        LogRedirect logs = LogRedirect.to(out);
        try {
            handler.handleRequest(new ByteArrayInputStream(event), response,
                    new LocalContext(clock, LocalContext.LAMBDA_MAX_TIMEOUT, out));
        } catch (IOException | RuntimeException e) {
            out.println("transient failure, Lambda would retry this event: " + e);
            return EXIT_TRANSIENT_FAILURE;
        } finally {
            logs.close();
        }
        out.println(response.toString(StandardCharsets.UTF_8));
        JsonNode status = Json.MAPPER.readTree(response.toByteArray()).path("status");
        return "failed".equals(status.asText()) ? EXIT_PERMANENT_FAILURE : EXIT_OK;
    }
}
