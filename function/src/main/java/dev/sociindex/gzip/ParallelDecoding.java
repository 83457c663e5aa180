package dev.sociindex.gzip;

import dev.sociindex.contract.ConfigKeys;
import java.util.Map;

/**
 * How a gzip layer may be decoded on several cores (see {@link ParallelGzipFront}).
 *
 * @param threads          decoding threads beside the reading thread; 0 means the sequential decoder only
 * @param chunkSize        compressed bytes per piece decoded on its own (512 KiB by default; tests use 16-64 KiB)
 * @param minCompressedSize layers smaller than this are decoded sequentially: thread start-up and the speculative
 *                         search do not pay off there
 */
public record ParallelDecoding(int threads, int chunkSize, long minCompressedSize) {
    public static final int DEFAULT_CHUNK_SIZE = 512 << 10;
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

    /** {@link #fromEnvironment} of this process's environment. */
    public static ParallelDecoding defaults() {
        return fromEnvironment(System.getenv());
    }

    /**
     * {@code SOCI_DECODE_THREADS} threads when set, for layers of at least {@link #DEFAULT_MIN_COMPRESSED_SIZE};
     * else off. Off by default because on the 2-core machines measured so far (README, Performance) the parallel
     * path took about 35% more CPU than the sequential decoder, which already keeps 1.3 cores busy with the blob
     * reader and the span hashing, so it finished later; {@code cores} is the setting to try on a bigger machine.
     */
    public static ParallelDecoding fromEnvironment(Map<String, String> environment) {
        String value = environment.getOrDefault(ConfigKeys.DECODE_THREADS, "").strip();
        if (value.isEmpty()) {
            return off();
        }
        if (value.equals("cores")) {
            return withThreads(Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS));
        }
        try {
            return withThreads(Integer.parseInt(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKeys.DECODE_THREADS + " must be a number of threads 0.."
                    + MAX_THREADS + " or 'cores', was '" + value + "'", e);
        }
    }

    /**
     * Heap this takes on top of the sequential decoder's for a layer of this compressed size, at most (short of
     * single deflate blocks that expand by more than a MiB): per decoding in flight (threads + 1 on workers, one on
     * the reading thread, two being resolved) its compressed piece (at most 2 chunks) and 16-bit output symbols
     * for up to 8 chunks' worth of output plus one block; see {@link ParallelGzipFront}.
     */
    public long heapBytes(long compressedSize) {
        if (!appliesTo(compressedSize)) {
            return 0;
        }
        return (threads + 4L) * (2L * chunkSize + 2L * (8L * chunkSize + (1 << 20)));
    }

    /** Whether a layer of this compressed size (negative: unknown) is decoded in parallel. */
    public boolean appliesTo(long compressedSize) {
        return threads > 0 && compressedSize >= minCompressedSize;
    }
}
