package dev.sociindex.cli;

import dev.sociindex.contract.Defaults;
import picocli.CommandLine.Option;

/**
 * How layers are indexed, the same for {@code convert} and {@code backfill}: one declaration, so that both commands
 * take the same options with the same defaults, wording and checks.
 */
final class IndexingOptions {
    /** More threads than this only cost memory: a layer is bound by its decoder, not by waiting. */
    private static final int MAX_THREADS = 1024;

    @Option(names = "--span-size", paramLabel = "BYTES", defaultValue = "" + Defaults.SPAN_SIZE,
            description = "Uncompressed bytes between two checkpoints of a zTOC (4 MiB).")
    long spanSize;

    @Option(names = "--min-layer-size", paramLabel = "BYTES", defaultValue = "" + Defaults.MIN_LAYER_SIZE,
            description = "Layers whose compressed size is below this get no zTOC (10 MiB).")
    long minLayerSize;

    @Option(names = "--parallelism", paramLabel = "N", description = "Layers indexed at once (default: the number of CPUs).")
    Integer parallelism;

    @Option(names = "--optimizations", paramLabel = "xattr", description = "xattr: mark zTOCs of layers without extended"
            + " attributes or opaque directories with com.amazon.soci.disable-xattrs (experimental in the reference;"
            + " it reports a problem with volume mounts).")
    String optimizations;

    @Option(names = "--tag-when-empty", description = "When no layer qualifies, still tag the output: an index of the"
            + " unchanged image manifests, so that pipelines using the output tag keep working.")
    boolean tagWhenEmpty;

    /** The layers indexed at once: {@code --parallelism}, else the number of CPUs, at most {@value #MAX_THREADS}. */
    int threads() {
        return Math.min(parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism, MAX_THREADS);
    }

    /** Whether {@code --optimizations xattr} was given; any other optimization is a usage error. */
    boolean xattrOptimization() {
        if (optimizations != null && !optimizations.equals("xattr")) {
            throw new UsageException("--optimizations: the only optimization is xattr, got '" + optimizations + "'");
        }
        return optimizations != null;
    }
}
