package dev.sociindex.lambda;

import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.ztoc.CheckpointSpill;
import java.nio.file.Path;

import dev.sociindex.aws.AwsClients;

import dev.sociindex.aws.DynamoDbZtocCache;
import dev.sociindex.cache.StoreOpener;
import dev.sociindex.cache.ZtocCache;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.Converter;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The engine parts the deployed function and {@code soci-builder invoke} use: the registry client and the converter. */
public final class LambdaWiring {

    private LambdaWiring() {
    }

    public static StoreFactory storeFactory() {
        return storeFactory(RegistrySettings.defaults());
    }

    /** With explicit client settings: tests use a short retry policy so that an unreachable registry fails fast. */
    public static StoreFactory storeFactory(RegistrySettings settings) {
        return (host, plainHttp, repository, credentials) ->
                RegistryImageStore.connect(new RegistryEndpoint(host, plainHttp), repository, credentials, settings);
    }

    /** Converter progress (layer by layer) goes to the structured log, with the invocation's context on every line. */
    public static Converter converter() {
        return new LoggingConverter(ZtocReuse.DISABLED, CheckpointSpill.defaults());
    }

    /** With a zTOC cache, as deployed (tests give it DynamoDB Local). */
    static Converter converter(ZtocReuse reuse, CheckpointSpill spill) {
        return new LoggingConverter(reuse, spill);
    }

    /**
     * Where checkpoint windows spill: {@code SOCI_SPILL_DIRECTORY} (the stack sets the function's ephemeral storage),
     * else the system temporary folder. Spill files left by an invocation that Lambda killed (a timeout skips every
     * clean-up) are removed here, at start: one execution environment runs one invocation at a time.
     */
    static CheckpointSpill spill(Map<String, String> environment) {
        String directory = environment.getOrDefault(ConfigKeys.SPILL_DIRECTORY, "").strip();
        CheckpointSpill spill = directory.isEmpty() ? CheckpointSpill.defaults()
                : new CheckpointSpill(Path.of(directory), CheckpointSpill.DEFAULT_THRESHOLD);
        spill.removeLeftovers();
        return spill;
    }

    /**
     * The indexer's recorded stores are opened per conversion, with that conversion's access ({@link RecordedStores}
     * through {@link Converter}'s opener argument); a converter call without one finds no recorded store.
     */
    static final StoreOpener PER_CONVERSION = store -> {
        throw new IOException("no opener for the recorded store " + store + ": the indexer passes one per conversion");
    };

    /**
     * The deployed converter: with {@code SOCI_ZTOC_CACHE_TABLE} set, zTOCs of layers indexed before are reused from
     * the stack's DynamoDB table, their recorded stores opened by {@code recordedStores} unless the caller gives an
     * opener of its own.
     */
    static Converter converter(Map<String, String> environment, StoreOpener recordedStores) {
        String table = environment.getOrDefault(ConfigKeys.ZTOC_CACHE_TABLE, "").strip();
        CheckpointSpill spill = spill(environment);
        ParallelDecoding decoding = ParallelDecoding.fromEnvironment(environment);
        if (table.isEmpty()) {
            return new LoggingConverter(ZtocReuse.DISABLED, spill, decoding);
        }
        ZtocCache cache = new DynamoDbZtocCache(AwsClients.dynamoDb(), table, Clock.systemUTC(),
                Duration.ofDays(Defaults.ZTOC_CACHE_TTL_DAYS));
        return new LoggingConverter(new ZtocReuse(cache, recordedStores), spill, decoding);
    }
}
