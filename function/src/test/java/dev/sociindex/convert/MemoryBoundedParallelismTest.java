package dev.sociindex.convert;

import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.convert.ConversionResult.Status;
import dev.sociindex.store.ForwardingImageStore;
import dev.sociindex.store.ImageStore;
import dev.sociindex.store.OciLayoutStore;
import dev.sociindex.ztoc.CheckpointSpill;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageManifest;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static dev.sociindex.convert.ConversionFixtures.AMD64;
import static dev.sociindex.convert.ConversionFixtures.OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parallelism 2 on the amd64 image (two qualifying layers of a few hundred KiB, each estimated at about 16.3 MiB by
 * {@link LayerFootprint}): a budget too small for two runs them one after the other, a budget with room for both
 * runs them at once. Concurrency is observed where it happens: blobs open at the same time in the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryBoundedParallelismTest {
    private static final CheckpointSpill SPILL = CheckpointSpill.defaults();
    private Path layout;

    @BeforeAll
    void buildImages(@TempDir Path scratch) throws IOException {
        layout = scratch.resolve("layout");
        ConversionFixtures.buildLayout(layout);
    }

    @Test
    void theEstimateIsStatedFromCompressedSizeAndThreshold() {
        LayerFootprint small = LayerFootprint.estimate(300_000, OPTIONS.spanSize(), SPILL.thresholdBytes());
        assertTrue(small.bytes() > 16L << 20 && small.bytes() < 17L << 20, small.toString());
        // 2 GB compressed at 4 MiB spans: the windows are capped by the threshold, the TOC term remains, and the
        // parallel decoder's chunks in flight when SOCI_DECODE_THREADS turns it on (off by default).
        LayerFootprint large = LayerFootprint.estimate(2_000_000_000L, 4 << 20, SPILL.thresholdBytes());
        long parallel = dev.sociindex.gzip.ParallelDecoding.defaults().heapBytes(2_000_000_000L);
        assertEquals((16L << 20) + SPILL.thresholdBytes() + 2_000_000_000L / 16 + parallel, large.bytes());
    }

    @Test
    void aBudgetTooSmallForTwoLayersRunsThemOneAfterTheOther() throws IOException {
        try (OciLayoutStore store = OciLayoutStore.open(layout)) {
            ConcurrencyCountingStore counted = new ConcurrencyCountingStore(store, layers(store), null);
            long roomForOne = 20L << 20;
            ConversionResult result = new ImageConverter(m -> { }, ZtocReuse.DISABLED, SPILL, roomForOne)
                    .convert(counted, AMD64, store, options("amd64-room-for-one"));
            assertEquals(Status.CONVERTED, result.status());
            assertEquals(2, counted.opened.get(), "both layers were indexed");
            assertEquals(1, counted.maxOpen.get(), "never two layers at once");
        }
    }

    @Test
    void aBudgetWithRoomForTwoRunsThemAtOnce() throws IOException {
        try (OciLayoutStore store = OciLayoutStore.open(layout)) {
            // Each layer waits, on opening, for the other to open too: only parallel layers get past it.
            ConcurrencyCountingStore counted = new ConcurrencyCountingStore(store, layers(store), new CyclicBarrier(2));
            long roomForTwo = 40L << 20;
            ConversionResult result = new ImageConverter(m -> { }, ZtocReuse.DISABLED, SPILL, roomForTwo)
                    .convert(counted, AMD64, store, options("amd64-room-for-two"));
            assertEquals(Status.CONVERTED, result.status());
            assertEquals(2, counted.maxOpen.get());
        }
    }

    /** The amd64 layers that qualify for a zTOC. */
    private static Set<String> layers(ImageStore store) throws IOException {
        ImageManifest manifest = ImageManifest.parse(store.getManifest(AMD64).orElseThrow().bytes());
        Set<String> layers = manifest.layerList().stream().filter(l -> l.size() >= OPTIONS.minLayerSize())
                .map(Descriptor::digest).collect(Collectors.toSet());
        assertEquals(2, layers.size(), "the fixture's amd64 image has two qualifying layers");
        return layers;
    }

    /** Each test writes its own output tag into the shared layout. */
    private static ConvertOptions options(String outputTag) {
        return new ConvertOptions(OPTIONS.spanSize(), OPTIONS.minLayerSize(), OPTIONS.platforms(), OPTIONS.tagSuffix(),
                outputTag, 2, OPTIONS.buildToolIdentifier());
    }

    /** Counts the layer blobs open at once; with a barrier, each opening waits for the other layer's. */
    private static final class ConcurrencyCountingStore extends ForwardingImageStore {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();
        private final Set<String> layers;
        private final CyclicBarrier bothOpen;

        ConcurrencyCountingStore(ImageStore delegate, Set<String> layers, CyclicBarrier bothOpen) {
            super(delegate);
            this.layers = layers;
            this.bothOpen = bothOpen;
        }

        @Override
        public InputStream openBlob(String digest, long expectedSize) throws IOException {
            InputStream in = delegate().openBlob(digest, expectedSize);
            if (!layers.contains(digest)) {
                return in;
            }
            opened.incrementAndGet();
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            if (bothOpen != null) {
                try {
                    bothOpen.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IOException("the second layer never started while the first was open", e);
                }
            }
            return new FilterInputStream(in) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                    super.close();
                }
            };
        }
    }
}
