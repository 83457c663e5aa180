package dev.sociindex.convert;

import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.layer.LayerStrategy;
import dev.sociindex.layer.SkipReason;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Indexes the distinct layers of an image on a bounded pool, each streamed once from the store. Layers that the
 * descriptor alone rules out (not a layer, too small, zstd) are decided without opening the blob. The first
 * failure cancels the rest and is thrown as is.
 */
final class LayerBatch {
    private final ImageStore source;
    private final ConvertOptions options;
    private final ProgressListener progress;

    LayerBatch(ImageStore source, ConvertOptions options, ProgressListener progress) {
        this.source = source;
        this.options = options;
        this.progress = progress;
    }

    Map<String, LayerResult> indexAll(Map<String, LayerDescriptor> layers) throws IOException {
        Map<String, LayerResult> results = new LinkedHashMap<>();
        Map<String, Future<LayerResult>> pending = new LinkedHashMap<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "soci-layer-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            LayerIndexer indexer = new LayerIndexer(options.spanSize(), options.buildToolIdentifier());
            for (LayerDescriptor layer : layers.values()) {
                LayerResult.Skipped skipped = skipWithoutReading(layer);
                if (skipped != null) {
                    results.put(layer.digest(), skipped);
                } else {
                    results.put(layer.digest(), null);
                    pending.put(layer.digest(), pool.submit(() -> indexOne(indexer, layer)));
                }
            }
            for (Map.Entry<String, Future<LayerResult>> entry : pending.entrySet()) {
                results.put(entry.getKey(), await(entry.getValue()));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private LayerResult indexOne(LayerIndexer indexer, LayerDescriptor layer) throws IOException {
        progress.message("indexing " + layer);
        try (InputStream blob = source.openBlob(layer.digest(), layer.size())) {
            LayerResult result = indexer.index(layer, blob);
            progress.message(switch (result) {
                case LayerResult.Indexed indexed -> "indexed " + layer.digest() + ": " + indexed.files() + " files, " + indexed.spans() + " spans";
                case LayerResult.Skipped skipped -> "skipped " + layer.digest() + ": " + skipped.detail();
            });
            return result;
        }
    }

    /** Decides from the descriptor alone, so that a layer that cannot qualify is never downloaded; null to index it. */
    LayerResult.Skipped skipWithoutReading(LayerDescriptor layer) {
        LayerStrategy strategy = LayerStrategy.forMediaType(layer.mediaType());
        if (strategy instanceof LayerStrategy.Skip skip && skip.reason() == SkipReason.NOT_A_LAYER) {
            return skip.result(layer);
        }
        if (layer.size() < options.minLayerSize()) {
            return SkipReason.BELOW_MIN_SIZE.skip(layer, layer.size(), options.minLayerSize());
        }
        return strategy instanceof LayerStrategy.Skip skip ? skip.result(layer) : null;
    }

    private static LayerResult await(Future<LayerResult> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while indexing layers", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
