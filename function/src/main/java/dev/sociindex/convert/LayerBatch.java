package dev.sociindex.convert;

import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.layer.LayerStrategy;
import dev.sociindex.layer.SkipReason;
import dev.sociindex.layer.ZtocBuilder;
import dev.sociindex.store.ImageStore;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.ztoc.ZtocBlob;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Indexes the distinct layers of an image on a bounded pool, each streamed once from the store, and hands each zTOC
 * to a {@link ZtocPush} as soon as its layer is done: a finished zTOC is stored at once and only its digest and size
 * are kept, so the heap does not grow with the number of layers. Layers run at once only while their expected
 * heap ({@link LayerFootprint}) fits the {@link MemoryBudget}; the others wait. Layers that the descriptor alone rules out (not a
 * layer, too small, zstd) are decided without opening the blob. The first failure stops every other layer at once
 * (their threads are interrupted and their spill files removed before this returns) and is thrown as is.
 */
final class LayerBatch {
    /** How long a cancelled layer may take to let go of its streams and spill file. */
    private static final long STOP_SECONDS = 30;

    /** Stores a layer's zTOC; called on the layer's own thread, concurrently for different layers. */
    @FunctionalInterface
    interface ZtocPush {
        void push(LayerResult.Indexed indexed) throws IOException;
    }

    private final ImageStore source;
    private final ConvertOptions options;
    private final ProgressListener progress;
    private final CheckpointSpill spill;
    private final MemoryBudget memory;
    private final ParallelDecoding decoding;

    LayerBatch(ImageStore source, ConvertOptions options, ProgressListener progress, CheckpointSpill spill,
               MemoryBudget memory, ParallelDecoding decoding) {
        this.source = source;
        this.options = options;
        this.progress = progress;
        this.spill = spill;
        this.memory = memory;
        this.decoding = decoding;
    }

    /**
     * The result of each layer, in the order given. A returned {@link LayerResult.Indexed} was pushed; its blob is
     * closed (digest and size remain).
     */
    Map<String, LayerResult> indexAll(Map<String, LayerDescriptor> layers, ZtocPush push) throws IOException {
        Map<String, LayerResult> results = new LinkedHashMap<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "soci-layer-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<LayerResult> finished = new ExecutorCompletionService<>(pool);
        try {
            LayerIndexer indexer = new LayerIndexer(options.spanSize(), options.buildToolIdentifier(),
                    ZtocBuilder.DEFAULT_MAX_ENTRIES, spill, decoding);
            int pending = 0;
            for (LayerDescriptor layer : layers.values()) {
                LayerResult.Skipped skipped = skipWithoutReading(layer);
                results.put(layer.digest(), skipped);
                if (skipped == null) {
                    finished.submit(() -> indexOne(indexer, layer, push));
                    pending++;
                }
            }
            for (; pending > 0; pending--) {
                LayerResult result = await(finished.take());
                results.put(result.layer().digest(), result);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while indexing layers");
        } finally {
            stop(pool);
        }
    }

    private LayerResult indexOne(LayerIndexer indexer, LayerDescriptor layer, ZtocPush push)
            throws IOException, InterruptedException {
        LayerFootprint footprint = LayerFootprint.estimate(layer.size(), options.spanSize(), spill.thresholdBytes());
        memory.acquire(footprint);
        try {
            return indexWithin(indexer, layer, push, footprint);
        } finally {
            memory.release(footprint);
        }
    }

    private LayerResult indexWithin(LayerIndexer indexer, LayerDescriptor layer, ZtocPush push, LayerFootprint footprint)
            throws IOException {
        progress.message("indexing " + layer + " (expected heap " + (footprint.bytes() >> 20) + " MiB of a "
                + (memory.totalBytes() >> 20) + " MiB budget)");
        LayerResult result;
        try (InputStream blob = source.openBlob(layer.digest(), layer.size())) {
            result = indexer.index(layer, blob);
        }
        switch (result) {
            case LayerResult.Indexed indexed -> {
                try (ZtocBlob ztoc = indexed.ztoc()) {
                    push.push(indexed);
                }
                progress.message("indexed " + layer.digest() + ": " + indexed.files() + " files, " + indexed.spans()
                        + " spans, zTOC " + indexed.ztocDigest() + " pushed");
            }
            case LayerResult.Skipped skipped -> progress.message("skipped " + layer.digest() + ": " + skipped.detail());
        }
        return result;
    }

    /** Interrupts whatever still runs (after a failure) and waits for it to clean up. */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static LayerResult await(Future<LayerResult> future) throws IOException, InterruptedException {
        try {
            return future.get();
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
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }
}
