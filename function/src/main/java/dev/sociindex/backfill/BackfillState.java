package dev.sociindex.backfill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The images a backfill has finished, so that a run stopped half-way (Ctrl-C, a crash, a Lambda timeout) resumes
 * where it was. One {@code repository:tag} per line, appended and flushed as each image finishes; failed images are
 * not recorded, so the next run tries them again.
 */
public final class BackfillState {
    private final Set<String> done = new HashSet<>();
    private final Optional<Path> file;

    private BackfillState(Optional<Path> file) {
        this.file = file;
    }

    /** State that lives as long as the run. */
    public static BackfillState inMemory() {
        return new BackfillState(Optional.empty());
    }

    /** State kept in {@code file}, read now if it exists and created on the first finished image otherwise. */
    public static BackfillState load(Path file) throws IOException {
        BackfillState state = new BackfillState(Optional.of(file));
        if (Files.exists(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IOException(file + " is not a backfill state file: it is not UTF-8 text (one REPOSITORY:TAG a line)", e);
            }
            for (String line : lines) {
                if (!line.isBlank()) {
                    state.done.add(line.strip());
                }
            }
        }
        return state;
    }

    public boolean isDone(String repository, String tag) {
        return done.contains(key(repository, tag));
    }

    public void markDone(String repository, String tag) throws IOException {
        String key = key(repository, tag);
        if (!done.add(key) || file.isEmpty()) {
            return;
        }
        Files.writeString(file.get(), key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }

    private static String key(String repository, String tag) {
        return repository + ":" + tag;
    }
}
