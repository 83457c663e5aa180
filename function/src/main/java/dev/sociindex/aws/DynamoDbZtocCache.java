package dev.sociindex.aws;

import dev.sociindex.cache.CachedZtoc;
import dev.sociindex.cache.ZtocCache;
import dev.sociindex.cache.ZtocKey;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The zTOC cache in a DynamoDB table keyed by {@link ZtocKey#id()} (partition key {@value #KEY}, a string). Only
 * GetItem and conditional PutItem are used, never a scan, so the function's IAM policy can be that narrow. Every item
 * carries {@value #EXPIRES_AT} (epoch seconds), the table's TTL attribute: entries of layers nobody converts any more
 * fade away; a hit does not extend them, the next rebuild after expiry does.
 */
public final class DynamoDbZtocCache implements ZtocCache {
    public static final String KEY = "key";
    public static final String EXPIRES_AT = "expiresAt";
    static final String ZTOC_DIGEST = "ztocDigest";
    static final String ZTOC_SIZE = "ztocSize";
    static final String STORE = "store";
    static final String RECORDED_AT = "recordedAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration timeToLive;

    public DynamoDbZtocCache(DynamoDbClient dynamo, String table, Clock clock, Duration timeToLive) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("the zTOC cache needs a table name");
        }
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("the zTOC cache's time to live must be positive, was " + timeToLive);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    @Override
    public Optional<CachedZtoc> find(ZtocKey key) throws IOException {
        GetItemResponse response;
        try {
            // consistent: an entry just healed by another invocation should be seen as healed
            response = dynamo.getItem(r -> r.tableName(table).key(Map.of(KEY, s(key.id()))).consistentRead(true));
        } catch (SdkException e) {
            throw AwsCallException.of("GetItem " + key.id() + " from table " + table, e);
        }
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(entry(response.item(), key));
    }

    @Override
    public boolean record(ZtocKey key, CachedZtoc entry, Optional<CachedZtoc> replacing) throws IOException {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(key.id()));
        item.put(ZTOC_DIGEST, s(entry.ztocDigest()));
        item.put(ZTOC_SIZE, n(entry.ztocSize()));
        item.put(STORE, s(entry.store()));
        item.put(RECORDED_AT, s(clock.instant().toString()));
        item.put(EXPIRES_AT, n(clock.instant().plus(timeToLive).getEpochSecond()));
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        if (replacing.isEmpty()) {
            put.conditionExpression("attribute_not_exists(#key)").expressionAttributeNames(Map.of("#key", KEY));
        } else {
            put.conditionExpression("#digest = :digest AND #store = :store")
                    .expressionAttributeNames(Map.of("#digest", ZTOC_DIGEST, "#store", STORE))
                    .expressionAttributeValues(Map.of(":digest", s(replacing.get().ztocDigest()),
                            ":store", s(replacing.get().store())));
        }
        try {
            dynamo.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw AwsCallException.of("PutItem " + key.id() + " into table " + table, e);
        }
    }

    private CachedZtoc entry(Map<String, AttributeValue> item, ZtocKey key) throws IOException {
        try {
            return new CachedZtoc(text(item, ZTOC_DIGEST), Long.parseLong(number(item, ZTOC_SIZE)), text(item, STORE));
        } catch (IllegalArgumentException e) {
            throw new IOException("table " + table + ", item " + key.id() + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is missing or not a string");
        }
        return value.s();
    }

    private static String number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalArgumentException("attribute '" + name + "' is missing or not a number");
        }
        return value.n();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
