package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.Defaults;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ContextSettingsTest {

    private static IndexerSettings read(Map<String, Object> context) {
        return new ContextSettings(context::get).read();
    }

    private static String errorFor(Map<String, Object> context) {
        return assertThrows(IllegalArgumentException.class, () -> read(context)).getMessage();
    }

    @Test
    void anEmptyContextGivesTheDocumentedDefaults() {
        IndexerSettings settings = read(Map.of());
        assertEquals(Defaults.FILTERS, settings.filters().toString());
        assertEquals(Defaults.OUTPUT_TAG_SUFFIX, settings.outputTagSuffix());
        assertEquals(Defaults.SPAN_SIZE, settings.spanSize());
        assertEquals(Defaults.MIN_LAYER_SIZE, settings.minLayerSize());
        assertEquals(3538, settings.memorySize());
        assertEquals(10240, settings.ephemeralStorageSize());
        assertEquals(900, settings.timeoutSeconds());
        assertEquals(LambdaArchitecture.ARM_64, settings.architecture());
        assertEquals(OptionalInt.of(5), settings.reservedConcurrency());
        assertEquals(30, settings.logRetentionDays());
        assertFalse(settings.snapStart());
        assertEquals(Optional.empty(), settings.vpc());
        assertEquals(Optional.of("default"), settings.completionEventBus());
        assertEquals(2, settings.asyncRetryAttempts());
        assertEquals(6, settings.maxEventAgeHours());
        assertEquals(8, settings.deliveryRetryAttempts());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRepositoryCdkJsonParsesToTheBuiltInDefaults() throws Exception {
        // Surefire runs in the infra module; cdk.json sits at the repository root.
        Map<String, Object> cdkJson = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                java.nio.file.Path.of("..", "cdk.json").toFile(), Map.class);
        assertEquals("infra/cdk-app.sh", cdkJson.get("app"));
        Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
        assertFalse(context.isEmpty());
        assertEquals(IndexerSettings.builder().build(), read(context));
    }

    @Test
    void commandLineStringsAndCdkJsonValuesAreBothAccepted() {
        IndexerSettings fromStrings = read(Map.of("memorySize", "5307", "snapStart", "true", "ephemeralStorageSize", "512",
                "architecture", "x86_64", "reservedConcurrency", "none", "filters", "prod-*:*, team/api:v*"));
        assertEquals(5307, fromStrings.memorySize());
        assertTrue(fromStrings.snapStart());
        assertEquals(LambdaArchitecture.X86_64, fromStrings.architecture());
        assertEquals(OptionalInt.empty(), fromStrings.reservedConcurrency());
        assertEquals("prod-*:*,team/api:v*", fromStrings.filters().toString());
        IndexerSettings fromJson = read(Map.of("memorySize", 5307, "snapStart", true, "ephemeralStorageSize", 512,
                "subnetIds", List.of("subnet-0aaaaaaa", "subnet-0bbbbbbb"), "vpcId", "vpc-0123abcd"));
        assertEquals(5307, fromJson.memorySize());
        assertTrue(fromJson.snapStart());
        assertEquals(List.of("subnet-0aaaaaaa", "subnet-0bbbbbbb"), fromJson.vpc().orElseThrow().subnetIds());
    }

    @Test
    void vpcPlacementReadsCommaSeparatedIds() {
        VpcPlacement vpc = read(Map.of("vpcId", "vpc-0a1b2c3d4e5f60718", "subnetIds", "subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002", "securityGroupIds", "sg-0f1e2d3c4b5a69788"))
                .vpc().orElseThrow();
        assertEquals(new VpcPlacement("vpc-0a1b2c3d4e5f60718", List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"), List.of("sg-0f1e2d3c4b5a69788")), vpc);
    }

    @Test
    void optionalArnsAndTheEventBusCanBeSetOrTurnedOff() {
        IndexerSettings settings = read(Map.of(
                "permissionsBoundaryArn", "arn:aws:iam::123456789012:policy/boundary",
                "queueKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops",
                "completionEventBus", "ci-events"));
        assertEquals(Optional.of("arn:aws:iam::123456789012:policy/boundary"), settings.permissionsBoundaryArn());
        assertEquals(Optional.of("ci-events"), settings.completionEventBus());
        assertEquals(Optional.empty(), read(Map.of("completionEventBus", "")).completionEventBus());
        assertEquals(Optional.empty(), read(Map.of("completionEventBus", "none")).completionEventBus());
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertEquals("context key 'memorySize' must be a whole number, got 'lots'", errorFor(Map.of("memorySize", "lots")));
        assertEquals("memorySize must be between 128 and 10240 MiB, got 64", errorFor(Map.of("memorySize", "64")));
        assertEquals("context key 'snapStart' must be true or false, got 'yes'", errorFor(Map.of("snapStart", "yes")));
        assertEquals("context key 'spanSize' must be a whole number of bytes, got '4MiB'", errorFor(Map.of("spanSize", "4MiB")));
        assertTrue(errorFor(Map.of("architecture", "riscv64")).startsWith("context key 'architecture': architecture 'riscv64' is not one of arm64, x86_64"));
        assertTrue(errorFor(Map.of("filters", "Bad:*")).startsWith("context key 'filters': filter 'Bad:*'"));
        assertEquals("filter 'app:*-soci': every tag it selects ends with the output suffix '-soci', so it could only select"
                + " the indexer's own outputs, which are never indexed", errorFor(Map.of("filters", "web:*,app:*-soci")));
        assertTrue(errorFor(Map.of("logRetentionDays", "10")).startsWith("logRetentionDays 10 is not a retention"));
        assertTrue(errorFor(Map.of("timeoutSeconds", "901")).startsWith("timeoutSeconds must be between 1 and 900"));
        assertTrue(errorFor(Map.of("ephemeralStorageSize", "20000")).startsWith("ephemeralStorageSize must be between 512 and 10240"));
        assertTrue(errorFor(Map.of("reservedConcurrency", "0")).startsWith("reservedConcurrency must be between 1"));
        assertTrue(errorFor(Map.of("asyncRetryAttempts", "3")).startsWith("asyncRetryAttempts must be between 0 and 2"));
        assertTrue(errorFor(Map.of("maxEventAgeHours", "7")).startsWith("maxEventAgeHours must be between 1 and 6"));
        assertTrue(errorFor(Map.of("outputTagSuffix", "-so ci")).startsWith("outputTagSuffix '-so ci' must be"));
        assertTrue(errorFor(Map.of("alarmTopicArn", "ops")).startsWith("alarmTopicArn 'ops' is not an ARN"));
        assertTrue(errorFor(Map.of("queueKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:alias/x")).startsWith("queueKmsKeyArn"));
        assertTrue(errorFor(Map.of("permissionsBoundaryArn", "boundary")).startsWith("permissionsBoundaryArn 'boundary'"));
        assertTrue(errorFor(Map.of("completionEventBus", "bad bus")).startsWith("completionEventBus 'bad bus' is not an event bus name"));
    }

    @Test
    void vpcSettingsMustBeComplete() {
        assertTrue(errorFor(Map.of("subnetIds", "subnet-0a1b2c3d4e5f60001")).contains("vpcId is not"));
        assertTrue(errorFor(Map.of("vpcId", "vpc-01234567")).contains("no subnetIds"));
        assertTrue(errorFor(Map.of("vpcId", "vpc-01234567", "subnetIds", "sg-01234567")).contains("'sg-01234567' is not a subnet id"));
        assertTrue(errorFor(Map.of("vpcId", "vpc-01234567", "subnetIds", "subnet-0a1b2c3d4e5f60001", "securityGroupIds", "subnet-0a1b2c3d4e5f60002"))
                .contains("'subnet-0a1b2c3d4e5f60002' is not a security group id"));
        assertTrue(errorFor(Map.of("vpcId", "vpc-01234567", "subnetIds", "subnet-01")).contains("'subnet-01' is not a subnet id (subnet- and 8 or 17 hex digits)"));
        assertTrue(errorFor(Map.of("vpcId", "my-vpc", "subnetIds", "subnet-0a1b2c3d4e5f60001")).contains("'my-vpc' is not a VPC id"));
    }

    @Test
    void snapStartWithTheDefaultEphemeralStorageIsAClearError() {
        String message = errorFor(Map.of("snapStart", "true"));
        assertEquals("snapStart=true cannot be combined with ephemeralStorageSize=10240 MiB: Lambda SnapStart allows at most"
                + " 512 MiB of /tmp. Either also pass -c ephemeralStorageSize=512 (very large layers then have less spill"
                + " space) or leave snapStart off", message);
        assertTrue(read(Map.of("snapStart", "true", "ephemeralStorageSize", "512")).snapStart());
        assertTrue(errorFor(Map.of("snapStart", "true", "ephemeralStorageSize", "513")).contains("ephemeralStorageSize=513"));
    }
}
