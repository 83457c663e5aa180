package dev.sociindex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.contract.Defaults;
import dev.sociindex.layer.ZtocBuilder;
import dev.sociindex.layer.ZtocDraft;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.ztoc.ZtocBlob;
import dev.sociindex.ztoc.Ztoc;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The memory part's child process: streams a synthetic gzip layer of the size given as the first argument through a
 * pipe into {@link ZtocBuilder} as the converter runs it (windows spilled past the default threshold into the
 * folder given as the second argument, the zTOC laid out and digested from the spill file), collects garbage at
 * intervals to sample the live heap, and prints one JSON line with the figures. Run with a tight {@code -Xmx}: an
 * {@link OutOfMemoryError} is itself the answer.
 */
public final class MemoryProbe {
    private static final long SAMPLE_INTERVAL_MILLIS = 250;
    private static final int PIPE_BYTES = 1 << 20;
    private static final long WARM_UP_BYTES = 16 << 20;
    private static CheckpointSpill spill;

    private MemoryProbe() {
    }

    /**
     * @param baseHeapBytes        live heap before the layer started (the JVM's own objects)
     * @param peakHeapAfterGcBytes largest live heap seen by a sample while streaming
     * @param ztocHeapBytes        live heap held by the finished zTOC (TOC model and tables; windows only when
     *                             below the spill threshold)
     * @param checkpointBlobBytes  size of the checkpoint blob: the windows, 32 KiB per checkpoint
     * @param spilled              whether the windows went to a spill file
     * @param maxRestBytes         largest live heap while streaming, less the TOC held at that moment
     */
    record Report(long uncompressedBytes, long compressedBytes, long files, int checkpoints, long maxHeapBytes,
                  long baseHeapBytes, long peakHeapAfterGcBytes, long ztocHeapBytes, long checkpointBlobBytes,
                  boolean spilled, long maxRestBytes, int samples, long vmHwmBytes, double seconds) {
    }

    /** What the probe keeps of a finished layer: the zTOC's shape and size, its spill file already removed. */
    private record Built(Ztoc shape, long checkpointBytes, boolean spilled, long liveHeapWithZtoc) {
    }

    private record Sample(long tarBytes, long files, long heapBytes) {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]);
        spill = new CheckpointSpill(Path.of(args[1]), CheckpointSpill.DEFAULT_THRESHOLD);
        long start = System.nanoTime();
        // A small layer first loads every class and links every call site, whose heap is no part of a layer's cost.
        stream(new SyntheticLayer(WARM_UP_BYTES, 7), new AtomicReference<>());
        SyntheticLayer layer = new SyntheticLayer(size, 42);
        PipedInputStream in = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream out = new PipedOutputStream(in);
        // After the generator's own buffers exist: they are the test rig's, not the builder's.
        long base = liveHeap();
        CountingStream counted = new CountingStream(in);
        AtomicReference<Throwable> generatorFailure = new AtomicReference<>();
        Thread generator = generate(layer, out, generatorFailure);
        List<Sample> samples = new ArrayList<>();
        Thread sampler = daemon("heap-sampler", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                long heap = liveHeap();
                synchronized (samples) {
                    samples.add(new Sample(layer.tarBytesWritten(), layer.filesWritten(), heap));
                }
                try {
                    Thread.sleep(SAMPLE_INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Built built = build(counted, generator, generatorFailure);
        sampler.interrupt();
        sampler.join();
        Ztoc ztoc = built.shape();
        int checkpoints = ztoc.compressionInfo().maxSpanId() + 1;
        long ztocHeap = Math.max(0, built.liveHeapWithZtoc() - base);
        Report report = report(ztoc, samples, base, ztocHeap, built, checkpoints, counted.count(), layer.filesWritten(), start);
        System.out.println(new ObjectMapper().writeValueAsString(report));
    }

    private static Built stream(SyntheticLayer layer, AtomicReference<Throwable> generatorFailure) throws Exception {
        PipedInputStream in = new PipedInputStream(PIPE_BYTES);
        Thread generator = generate(layer, new PipedOutputStream(in), generatorFailure);
        return build(in, generator, generatorFailure);
    }

    private static Thread generate(SyntheticLayer layer, PipedOutputStream out, AtomicReference<Throwable> failure) {
        return daemon("layer-generator", () -> {
            try {
                layer.writeTo(out);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    /**
     * Builds the zTOC from the pipe and writes it (laid out and digested, as before a push), measuring the live heap
     * while it is held; a generator failure is reported as the cause of what the builder saw.
     */
    private static Built build(InputStream in, Thread generator, AtomicReference<Throwable> generatorFailure) throws Exception {
        Built built;
        try (ZtocDraft draft = new ZtocBuilder(Defaults.SPAN_SIZE, Defaults.BUILD_TOOL_IDENTIFIER,
                ZtocBuilder.DEFAULT_MAX_ENTRIES, spill).draftGzip(in)) {
            long checkpointBytes = draft.checkpoints().size();
            boolean spilled = checkpointBytes > spill.thresholdBytes();
            try (ZtocBlob ztoc = draft.write()) {
                built = new Built(draft.shape(), checkpointBytes, spilled, liveHeap());
            }
        } catch (IOException e) {
            if (generatorFailure.get() != null) {
                e.addSuppressed(generatorFailure.get());
            }
            throw e;
        }
        generator.join();
        if (generatorFailure.get() != null) {
            throw new IllegalStateException("the layer generator failed", generatorFailure.get());
        }
        return built;
    }

    /**
     * The checkpoints and TOC entries held at each sample are not observable from outside the builder; they grow in
     * step with the output, so they are the final figures scaled by the share of the layer written at that moment
     * (the generator runs at most a pipe's worth ahead of the builder).
     */
    private static Report report(Ztoc ztoc, List<Sample> samples, long base, long ztocHeap, Built built, int checkpoints,
                                 long compressed, long files, long start) throws IOException {
        long total = ztoc.uncompressedArchiveSize();
        // Windows below the threshold are on the heap, and counted as held like the TOC; above it, on disk.
        double windowBytes = built.spilled() ? 0 : built.checkpointBytes();
        double tocBytes = Math.max(0, ztocHeap - windowBytes);
        long peak = 0;
        long maxRest = 0;
        for (Sample sample : samples) {
            double share = Math.min(1.0, (double) sample.tarBytes() / total);
            long rest = Math.round(sample.heapBytes() - share * (windowBytes + tocBytes));
            peak = Math.max(peak, sample.heapBytes());
            maxRest = Math.max(maxRest, rest);
        }
        return new Report(total, compressed, files, checkpoints, Runtime.getRuntime().maxMemory(), base, peak, ztocHeap,
                built.checkpointBytes(), built.spilled(), maxRest, samples.size(), vmHwm(), (System.nanoTime() - start) / 1e9);
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Peak resident set size of this process, from {@code /proc/self/status}; 0 where there is none. */
    private static long vmHwm() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Counts the compressed bytes the builder consumed. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
