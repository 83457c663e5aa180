package dev.sociindex.convert;

import dev.sociindex.contract.Defaults;
import java.util.List;
import java.util.Optional;

/**
 * How to convert an image.
 *
 * @param platforms   {@code os/arch[/variant]} to index; empty means every platform of an index
 * @param outputTag   tag for the result; null means source tag + {@code tagSuffix}
 * @param parallelism layers converted at once
 * @param xattrOptimization the reference's {@code --optimizations xattr}: a zTOC descriptor of a layer with no
 *                          {@code SCHILY.xattr.*} record and no opaque-directory whiteout gets
 *                          {@code com.amazon.soci.disable-xattrs: "true"} (spec 4.6); off by default as in the reference
 * @param prefetchPaths paths inside the image (leading '/' optional) whose spans get a prefetch artifact on the
 *                      topmost layer that holds them, on every converted platform
 * @param force         rebuild and rewrite even when the output tag is up to date, and index every layer again
 *                      instead of reusing cached zTOCs (the reference's {@code --force})
 * @param tagWhenEmpty  when no layer of any platform qualifies, still tag the output: an OCI index of the unchanged
 *                      image manifests, so pipelines that deploy {@code <tag>-soci} keep working
 */
public record ConvertOptions(
        long spanSize,
        long minLayerSize,
        List<String> platforms,
        String tagSuffix,
        String outputTag,
        int parallelism,
        String buildToolIdentifier,
        boolean xattrOptimization,
        List<String> prefetchPaths,
        boolean force,
        boolean tagWhenEmpty) {

    public ConvertOptions {
        platforms = List.copyOf(platforms);
        prefetchPaths = List.copyOf(prefetchPaths.stream().map(ConvertOptions::requirePrefetchPath).distinct().sorted().toList());
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

    /** The options before the reference CLI's extras: no optimization, no prefetch, no force, no tag when empty. */
    public ConvertOptions(long spanSize, long minLayerSize, List<String> platforms, String tagSuffix, String outputTag,
            int parallelism, String buildToolIdentifier) {
        this(spanSize, minLayerSize, platforms, tagSuffix, outputTag, parallelism, buildToolIdentifier, false, List.of(), false, false);
    }

    public ConvertOptions withOutputTag(String tag) {
        return new ConvertOptions(spanSize, minLayerSize, platforms, tagSuffix, tag, parallelism, buildToolIdentifier,
                xattrOptimization, prefetchPaths, force, tagWhenEmpty);
    }

    public ConvertOptions withXattrOptimization(boolean enabled) {
        return new ConvertOptions(spanSize, minLayerSize, platforms, tagSuffix, outputTag, parallelism, buildToolIdentifier,
                enabled, prefetchPaths, force, tagWhenEmpty);
    }

    public ConvertOptions withPrefetchPaths(List<String> paths) {
        return new ConvertOptions(spanSize, minLayerSize, platforms, tagSuffix, outputTag, parallelism, buildToolIdentifier,
                xattrOptimization, paths, force, tagWhenEmpty);
    }

    public ConvertOptions withForce(boolean enabled) {
        return new ConvertOptions(spanSize, minLayerSize, platforms, tagSuffix, outputTag, parallelism, buildToolIdentifier,
                xattrOptimization, prefetchPaths, enabled, tagWhenEmpty);
    }

    public ConvertOptions withTagWhenEmpty(boolean enabled) {
        return new ConvertOptions(spanSize, minLayerSize, platforms, tagSuffix, outputTag, parallelism, buildToolIdentifier,
                xattrOptimization, prefetchPaths, force, enabled);
    }

    /** Prefetch paths are kept in their image form (no leading '/'), so that "/a" and "a" are one path. */
    private static String requirePrefetchPath(String path) {
        Optional<String> normalized = dev.sociindex.ztoc.TocPaths.normalize(path);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("prefetch path \"" + path + "\" names no file (empty, '.', or with a '..' element)");
        }
        return normalized.get();
    }

    public static ConvertOptions defaults() {
        return new ConvertOptions(Defaults.SPAN_SIZE, Defaults.MIN_LAYER_SIZE, List.of(), Defaults.OUTPUT_TAG_SUFFIX,
                null, Runtime.getRuntime().availableProcessors(), Defaults.BUILD_TOOL_IDENTIFIER);
    }
}
