package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.contract.Defaults;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @Test
    void anEmptyEnvironmentGivesTheSharedDefaults() {
        Config config = Config.fromEnvironment(Map.of());

        assertEquals(Defaults.FILTERS, config.filters().toString());
        assertEquals(Defaults.OUTPUT_TAG_SUFFIX, config.outputTagSuffix());
        assertEquals(Defaults.SPAN_SIZE, config.spanSize());
        assertEquals(Defaults.MIN_LAYER_SIZE, config.minLayerSize());
        assertEquals(Defaults.EVENT_SOURCE, config.eventSource());
        assertEquals(Duration.ofSeconds(60), config.timeBudgetMargin());
        assertEquals(Optional.empty(), config.dlqUrl());
        assertEquals(Optional.empty(), config.eventBusName());
        assertEquals(Optional.empty(), config.registryOverride());
    }

    @Test
    void readsEveryKey() {
        Config config = Config.fromEnvironment(Map.of(
                ConfigKeys.FILTERS, "prod/*:release-*",
                ConfigKeys.OUTPUT_TAG_SUFFIX, "-lazy",
                ConfigKeys.SPAN_SIZE, "1048576",
                ConfigKeys.MIN_LAYER_SIZE, "0",
                ConfigKeys.LAYER_PARALLELISM, "3",
                ConfigKeys.DLQ_URL, "https://sqs.eu-central-1.amazonaws.com/123456789012/soci-dlq",
                ConfigKeys.EVENT_BUS_NAME, "default",
                ConfigKeys.EVENT_SOURCE, "team.soci",
                ConfigKeys.TIME_BUDGET_MARGIN_SECONDS, "90",
                ConfigKeys.REGISTRY_ENDPOINT, "127.0.0.1:5000"));

        assertTrue(config.filters().matches("prod/web", "release-1"));
        assertFalse(config.filters().matches("prod/web", "latest"));
        assertEquals("-lazy", config.outputTagSuffix());
        assertEquals(1L << 20, config.spanSize());
        assertEquals(0, config.minLayerSize());
        assertEquals(3, config.layerParallelism());
        assertEquals(Optional.of("https://sqs.eu-central-1.amazonaws.com/123456789012/soci-dlq"), config.dlqUrl());
        assertEquals(Optional.of("default"), config.eventBusName());
        assertEquals("team.soci", config.eventSource());
        assertEquals(Duration.ofSeconds(90), config.timeBudgetMargin());
        assertEquals(Optional.of(new RegistryAddress("127.0.0.1:5000", true)), config.registryOverride());
        assertEquals("v1-lazy", config.convertOptions("v1-lazy").outputTag());
        assertEquals(3, config.convertOptions("v1-lazy").parallelism());
    }

    @Test
    void blankValuesMeanUnset() {
        Config config = Config.fromEnvironment(Map.of(ConfigKeys.EVENT_BUS_NAME, " ", ConfigKeys.DLQ_URL, ""));

        assertEquals(Optional.empty(), config.eventBusName());
        assertEquals(Optional.empty(), config.dlqUrl());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SOCI_SPAN_SIZE                  | 4MiB        | SOCI_SPAN_SIZE must be a whole number, was '4MiB'",
            "SOCI_SPAN_SIZE                  | 0           | SOCI_SPAN_SIZE must be positive",
            "SOCI_MIN_LAYER_SIZE             | -1          | SOCI_MIN_LAYER_SIZE must not be negative",
            "SOCI_LAYER_PARALLELISM          | 99999999999 | SOCI_LAYER_PARALLELISM is too large",
            "SOCI_TIME_BUDGET_MARGIN_SECONDS | soon        | SOCI_TIME_BUDGET_MARGIN_SECONDS must be a whole number",
            "SOCI_FILTERS                    | Team:*      | SOCI_FILTERS: filter 'Team:*'",
            "SOCI_REGISTRY_ENDPOINT          | a/b         | registry host must be 'host' or 'host:port'",
    })
    void aBadValueNamesTheKeyAndTheValue(String key, String value, String phrase) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.fromEnvironment(Map.of(key, value)));

        assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "127.0.0.1:5000,        127.0.0.1:5000,  true",
            "localhost:5000,        localhost:5000,  true",
            "[::1]:5000,            [::1]:5000,      true",
            "registry.internal:443, registry.internal:443, false",
            "http://10.0.0.5:5000/, 10.0.0.5:5000,   true",
            "https://127.0.0.1:5443, 127.0.0.1:5443, false",
    })
    void anOverrideIsPlainHttpForLoopbackOrWhenItSaysSo(String text, String host, boolean plainHttp) {
        assertEquals(new RegistryAddress(host, plainHttp), RegistryAddress.parseOverride(text));
    }

    @Test
    void theEcrRegistryComesFromAccountAndRegion() {
        assertEquals(new RegistryAddress("123456789012.dkr.ecr.eu-central-1.amazonaws.com", false),
                RegistryAddress.ecr("123456789012", "eu-central-1"));
        assertEquals(new RegistryAddress("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", false),
                RegistryAddress.ecr("123456789012", "cn-north-1"));
    }
}
