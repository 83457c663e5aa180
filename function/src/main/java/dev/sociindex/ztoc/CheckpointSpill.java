package dev.sociindex.ztoc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a layer's checkpoint windows go: memory while they are few, a file in {@code directory} once they pass
 * {@code thresholdBytes}. Windows are 32 KiB per span, so a 4 MiB-span layer of 4 GiB carries 32 MiB of them and
 * one of 20 GB about 160 MB; with the default threshold the heap holds at most that much per layer, whatever its
 * size, and the disk (the function's ephemeral storage) holds the rest until the zTOC is pushed.
 *
 * @param directory      where spill files are created (it must exist); each is deleted once its zTOC is pushed
 *                       or given up
 * @param thresholdBytes window bytes a layer may keep in memory; 0 spills always, {@link Long#MAX_VALUE} never
 */
public record CheckpointSpill(Path directory, long thresholdBytes) {
    /** 8 MiB: 256 windows, a 1 GiB layer at the default 4 MiB span stays in memory. */
    public static final long DEFAULT_THRESHOLD = 8L << 20;
    /** Prefix of every spill file's name, so that leftovers of a killed process can be recognised. */
    public static final String FILE_PREFIX = "soci-checkpoints-";

    public CheckpointSpill {
        Objects.requireNonNull(directory, "directory");
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException("spill threshold must not be negative, was " + thresholdBytes);
        }
    }

    /** The system temporary folder at the default threshold: what the CLI uses without {@code --spill-dir}. */
    public static CheckpointSpill defaults() {
        return new CheckpointSpill(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_THRESHOLD);
    }

    /**
     * Deletes spill files that a killed process left in the directory (a timeout skips every clean-up). Only for a
     * directory no other conversion uses at the same time, such as a Lambda execution environment's; failures to
     * list or delete are ignored: leftovers only cost space.
     */
    public void removeLeftovers() {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, FILE_PREFIX + "*.spill")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException | RuntimeException e) {
            // nothing to clean, or not ours to clean
        }
    }

    /** Everything in memory (tests and the in-memory model). */
    public static CheckpointSpill never() {
        return new CheckpointSpill(Path.of(System.getProperty("java.io.tmpdir")), Long.MAX_VALUE);
    }
}
