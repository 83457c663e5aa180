package dev.sociindex.cache;

import dev.sociindex.aws.DynamoDbZtocCache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Both caches keep the same compare-and-set contract; the DynamoDB one against DynamoDB Local. */
class ZtocCacheContractTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration TTL = Duration.ofDays(30);
    private static LocalDynamoDb dynamo;
    private static int tables;

    private static final ZtocKey KEY = new ZtocKey(digest('1'), 4 << 20, "soci-index-builder v0.1");
    private static final CachedZtoc FIRST = new CachedZtoc(digest('a'), 1234, "127.0.0.1:5000/base");
    private static final CachedZtoc SECOND = new CachedZtoc(digest('b'), 999, "127.0.0.1:5000/app");

    @BeforeAll
    static void startDynamo() {
        dynamo = new LocalDynamoDb();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
    }

    static Stream<ZtocCache> caches() {
        return Stream.of(new InMemoryZtocCache(), dynamoCache());
    }

    private static DynamoDbZtocCache dynamoCache() {
        String table = dynamo.createCacheTable("ztoc-cache-" + ++tables);
        return new DynamoDbZtocCache(dynamo.client(), table, Clock.fixed(NOW, ZoneOffset.UTC), TTL);
    }

    @ParameterizedTest
    @MethodSource("caches")
    void recordsOnlyWhenAbsentThenReplacesOnlyTheEntryItSaw(ZtocCache cache) throws IOException {
        assertEquals(Optional.empty(), cache.find(KEY));
        assertTrue(cache.record(KEY, FIRST, Optional.empty()));
        assertEquals(Optional.of(FIRST), cache.find(KEY));

        assertFalse(cache.record(KEY, SECOND, Optional.empty()), "an existing entry is not overwritten blindly");
        assertFalse(cache.record(KEY, SECOND, Optional.of(SECOND)), "nor replaced on the strength of an entry never there");
        assertEquals(Optional.of(FIRST), cache.find(KEY));

        assertTrue(cache.record(KEY, SECOND, Optional.of(FIRST)));
        assertEquals(Optional.of(SECOND), cache.find(KEY));
    }

    @ParameterizedTest
    @MethodSource("caches")
    void keysDifferBySpanSizeAndBuildTool(ZtocCache cache) throws IOException {
        cache.record(KEY, FIRST, Optional.empty());
        assertEquals(Optional.empty(), cache.find(new ZtocKey(KEY.layerDigest(), 1 << 20, KEY.buildToolIdentifier())));
        assertEquals(Optional.empty(), cache.find(new ZtocKey(KEY.layerDigest(), KEY.spanSize(), "other-tool 1.0")));
        assertEquals(Optional.empty(), cache.find(new ZtocKey(digest('2'), KEY.spanSize(), KEY.buildToolIdentifier())));
    }

    @Test
    void dynamoItemsCarryTheTtlAttribute() throws IOException {
        DynamoDbZtocCache cache = dynamoCache();
        cache.record(KEY, FIRST, Optional.empty());
        Map<String, AttributeValue> item = dynamo.client().getItem(r -> r.tableName("ztoc-cache-" + tables)
                .key(Map.of(DynamoDbZtocCache.KEY, AttributeValue.fromS(KEY.id())))).item();
        assertEquals(Long.toString(NOW.plus(TTL).getEpochSecond()), item.get(DynamoDbZtocCache.EXPIRES_AT).n());
        assertEquals(FIRST.store(), item.get("store").s());
    }

    @Test
    void aDamagedItemIsAnErrorNamingTheAttribute() {
        DynamoDbZtocCache cache = dynamoCache();
        dynamo.client().putItem(r -> r.tableName("ztoc-cache-" + tables).item(Map.of(
                DynamoDbZtocCache.KEY, AttributeValue.fromS(KEY.id()),
                "ztocDigest", AttributeValue.fromS(FIRST.ztocDigest()),
                "store", AttributeValue.fromS(FIRST.store()))));
        IOException error = assertThrows(IOException.class, () -> cache.find(KEY));
        assertTrue(error.getMessage().contains("'ztocSize' is missing"), error.getMessage());
        assertTrue(error.getMessage().contains(KEY.id()), error.getMessage());
    }

    @Test
    void aMissingTableIsAnIoErrorNamingIt() {
        DynamoDbZtocCache cache = new DynamoDbZtocCache(dynamo.client(), "no-such-table", Clock.systemUTC(), TTL);
        IOException error = assertThrows(IOException.class, () -> cache.find(KEY));
        assertTrue(error.getMessage().contains("no-such-table"), error.getMessage());
    }

    @Test
    void keysRejectWhatCannotBeAKey() {
        assertThrows(IllegalArgumentException.class, () -> new ZtocKey("md5:abc", 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ZtocKey(digest('1'), 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ZtocKey(digest('1'), 1, ""));
    }

    static String digest(char fill) {
        return "sha256:" + String.valueOf(fill).repeat(64);
    }
}
