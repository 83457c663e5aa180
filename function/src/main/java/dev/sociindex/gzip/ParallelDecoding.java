package dev.sociindex.gzip;

/**
 * How a gzip layer may be decoded on several cores (see {@link ParallelGzipFront}).
 *
 * @param threads          decoding threads beside the reading thread; 0 means the sequential decoder only
 * @param chunkSize        compressed bytes per piece decoded on its own (1 MiB by default; tests use 16-64 KiB)
 * @param minCompressedSize layers smaller than this are decoded sequentially: thread start-up and the speculative
 *                         search do not pay off there
 */
public record ParallelDecoding(int threads, int chunkSize, long minCompressedSize) {
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    /** Below this the sequential decoder is as fast (measured: bench, processes part). */
    public static final long DEFAULT_MIN_COMPRESSED_SIZE = 64L << 20;
    public static final int MAX_THREADS = 64;

    public ParallelDecoding {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("decode threads must be 0.." + MAX_THREADS + ", was " + threads);
        }
        if (chunkSize < (4 << 10) || chunkSize > (64 << 20)) {
            throw new IllegalArgumentException("decode chunk size must be 4 KiB..64 MiB, was " + chunkSize);
        }
        if (minCompressedSize < 0) {
            throw new IllegalArgumentException("minimum compressed size must not be negative, was "
                    + minCompressedSize);
        }
    }

    /** The sequential decoder only. */
    public static ParallelDecoding off() {
        return new ParallelDecoding(0, DEFAULT_CHUNK_SIZE, DEFAULT_MIN_COMPRESSED_SIZE);
    }

    /** {@code threads} decoding threads for layers of at least the default size. */
    public static ParallelDecoding withThreads(int threads) {
        return new ParallelDecoding(threads, DEFAULT_CHUNK_SIZE, DEFAULT_MIN_COMPRESSED_SIZE);
    }

    /** As many decoding threads as cores when there are at least two, else off. */
    public static ParallelDecoding defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores >= 2 ? withThreads(Math.min(cores, MAX_THREADS)) : off();
    }

    /** Whether a layer of this compressed size (negative: unknown) is decoded in parallel. */
    public boolean appliesTo(long compressedSize) {
        return threads > 0 && compressedSize >= minCompressedSize;
    }
}
