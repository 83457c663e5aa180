package dev.sociindex.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The zTOC cache: which zTOC was built for a (layer digest, span size, build tool) and where its blob lives, so that a
 * base layer shared by many images is indexed once. Key and TTL attribute names are the function's
 * ({@code dev.sociindex.aws.DynamoDbZtocCache}). Every entry can be rebuilt, so the table is destroyed with the
 * stack; point-in-time recovery is on anyway, as a cheap guard against an accidental wipe causing a re-indexing storm.
 */
final class ZtocCacheTable {
    /** Partition key: {@code layerDigest|spanSize|buildTool}. */
    static final String KEY = "key";
    /** Epoch seconds after which DynamoDB deletes an entry. */
    static final String TTL_ATTRIBUTE = "expiresAt";

    private ZtocCacheTable() {
    }

    static Table create(Construct scope, String id) {
        return Table.Builder.create(scope, id)
                .partitionKey(Attribute.builder().name(KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }
}
