package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.ConfigKeys;
import dev.sociindex.convert.ConvertOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extras the stack passes to the function: off when unset, per-filter prefetch paths, clear errors. */
class ConfigExtrasTest {
    @Test
    void unsetMeansOffAsBefore() {
        ConvertOptions options = Config.fromEnvironment(Map.of()).convertOptions("v1-soci", "team/app", "v1");
        assertFalse(options.xattrOptimization());
        assertEquals(List.of(), options.prefetchPaths());
        assertFalse(options.tagWhenEmpty());
        assertFalse(Config.fromEnvironment(Map.of()).extras().untagOnDelete());
    }

    @Test
    void theExtrasReachTheConvertOptionsOfTheMatchingImagesOnly() {
        Config config = Config.fromEnvironment(Map.of(ConfigKeys.OPTIMIZATIONS, "xattr",
                ConfigKeys.PREFETCH_PATHS, "team/*:*=/app/server;team/app:v*=/app/config.json",
                ConfigKeys.TAG_WHEN_EMPTY, "true", ConfigKeys.UNTAG_ON_DELETE, "true"));
        ConvertOptions app = config.convertOptions("v1-soci", "team/app", "v1");
        assertTrue(app.xattrOptimization());
        assertTrue(app.tagWhenEmpty());
        assertEquals(List.of("app/config.json", "app/server"), app.prefetchPaths(), "cleaned and sorted");
        assertEquals(List.of("app/server"), config.convertOptions("dev-soci", "team/app", "dev").prefetchPaths());
        assertEquals(List.of(), config.convertOptions("v1-soci", "other", "v1").prefetchPaths());
        assertTrue(config.convertOptions(null).xattrOptimization(), "the backfill gets the repository-independent extras");
        assertTrue(config.extras().untagOnDelete());
    }

    @Test
    void badValuesNameTheVariable() {
        assertEquals("SOCI_OPTIMIZATIONS may only be 'xattr' (or empty), was 'all'", assertThrows(IllegalArgumentException.class,
                () -> Config.fromEnvironment(Map.of(ConfigKeys.OPTIMIZATIONS, "all"))).getMessage());
        assertEquals("SOCI_TAG_WHEN_EMPTY must be true or false, was 'yes'", assertThrows(IllegalArgumentException.class,
                () -> Config.fromEnvironment(Map.of(ConfigKeys.TAG_WHEN_EMPTY, "yes"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of(ConfigKeys.PREFETCH_PATHS, "app")))
                .getMessage().startsWith("SOCI_PREFETCH_PATHS: prefetch rule 'app'"));
    }
}
