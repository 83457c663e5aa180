package dev.sociindex.cli;

import dev.sociindex.ztoc.CheckpointSpill;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --spill-dir}: where checkpoint windows spill; the system temporary folder when not given. */
final class SpillDirectory {
    private SpillDirectory() {
    }

    static CheckpointSpill of(Path directory) {
        if (directory == null) {
            return CheckpointSpill.defaults();
        }
        if (!Files.isDirectory(directory)) {
            throw new UsageException("--spill-dir " + directory + ": no such folder");
        }
        return new CheckpointSpill(directory, CheckpointSpill.DEFAULT_THRESHOLD);
    }
}
