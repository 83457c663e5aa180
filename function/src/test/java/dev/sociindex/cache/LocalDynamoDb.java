package dev.sociindex.cache;

import dev.sociindex.aws.DynamoDbZtocCache;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/** DynamoDB Local in this JVM (in memory), with the zTOC cache table laid out as the stack creates it. */
public final class LocalDynamoDb implements AutoCloseable {
    /** {@code true}: telemetry off; tests send nothing anywhere but loopback. */
    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);

    public DynamoDbClient client() {
        return local.dynamoDbClient();
    }

    /** The stack's table: one string partition key, on-demand billing. */
    public String createCacheTable(String name) {
        client().createTable(t -> t.tableName(name)
                .keySchema(k -> k.attributeName(DynamoDbZtocCache.KEY).keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName(DynamoDbZtocCache.KEY).attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
