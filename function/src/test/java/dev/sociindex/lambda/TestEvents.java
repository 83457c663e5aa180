package dev.sociindex.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's {@code test-events/} folder, found from the module directory that Maven runs tests in. */
final class TestEvents {
    private TestEvents() {
    }

    static Path directory() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path events = module.resolveSibling("test-events");
        if (!Files.isDirectory(events)) {
            throw new IllegalStateException("test-events folder not found at " + events);
        }
        return events;
    }

    static Path file(String name) {
        Path file = directory().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test event " + file + " is missing");
        }
        return file;
    }

    static List<String> jsonFileNames() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }
}
