package dev.sociindex.convert;

import dev.sociindex.contract.Defaults;
import java.util.List;

/**
 * How to convert an image.
 *
 * @param platforms   {@code os/arch[/variant]} to index; empty means every platform of an index
 * @param outputTag   tag for the result; null means source tag + {@code tagSuffix}
 * @param parallelism layers converted at once
 */
public record ConvertOptions(
        long spanSize,
        long minLayerSize,
        List<String> platforms,
        String tagSuffix,
        String outputTag,
        int parallelism,
        String buildToolIdentifier) {

    public ConvertOptions {
        platforms = List.copyOf(platforms);
        if (spanSize <= 0) {
            throw new IllegalArgumentException("span size must be positive, was " + spanSize);
        }
        if (minLayerSize < 0) {
            throw new IllegalArgumentException("minimum layer size must not be negative, was " + minLayerSize);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    public static ConvertOptions defaults() {
        return new ConvertOptions(Defaults.SPAN_SIZE, Defaults.MIN_LAYER_SIZE, List.of(), Defaults.OUTPUT_TAG_SUFFIX,
                null, Runtime.getRuntime().availableProcessors(), Defaults.BUILD_TOOL_IDENTIFIER);
    }
}
