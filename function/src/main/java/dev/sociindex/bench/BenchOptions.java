package dev.sociindex.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code soci-builder bench} measures and how big.
 *
 * @param workDir where the corpus, its compressed copies and the image layers are cached between runs
 * @param sizeMb  uncompressed size of the layer-throughput corpus in MB (10^6 bytes)
 * @param rounds  alternating rounds per measured variant; the first is reported as cold
 * @param quick   small sizes everywhere, for a smoke run
 * @param large   the memory part also streams a 20 GB layer
 * @param parts   the parts to run
 */
public record BenchOptions(Path workDir, long sizeMb, int rounds, boolean quick, boolean large, Set<Part> parts) {

    /** The parts of the bench, in the order they run. */
    public enum Part {
        LAYERS, PROCESSES, IMAGE, MEMORY, COLDSTART;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code layers|processes|image|memory|coldstart}. */
        public static Part parse(String text) {
            for (Part part : values()) {
                if (part.label().equals(text)) {
                    return part;
                }
            }
            throw new IllegalArgumentException("unknown bench part '" + text + "' (layers, processes, image, memory or coldstart)");
        }
    }

    public BenchOptions {
        if (sizeMb <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + sizeMb + " MB");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        parts = parts.isEmpty() ? EnumSet.allOf(Part.class) : EnumSet.copyOf(parts);
    }

    public static final Path DEFAULT_WORK_DIR = Path.of("/tmp/soci-bench");
    public static final long DEFAULT_SIZE_MB = 600;
    public static final int DEFAULT_ROUNDS = 4;
    /** Corpus size in {@link #quick} mode, overriding {@link #sizeMb}. */
    static final long QUICK_SIZE_MB = 16;

    /** Bytes of the layer-throughput corpus. */
    long corpusBytes() {
        return (quick ? QUICK_SIZE_MB : sizeMb) * 1_000_000L;
    }
}
