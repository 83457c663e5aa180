package dev.sociindex.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --prefetch-files-json FILE}: a JSON array of paths inside the image. */
final class PrefetchFilesJson {
    private PrefetchFilesJson() {
    }

    static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--prefetch-files-json: " + file + ": no such file");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new UsageException("--prefetch-files-json: " + file + " is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isArray()) {
            throw new UsageException("--prefetch-files-json: " + file + " must hold a JSON array of paths, like [\"/usr/bin/python3\"]");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode path : json) {
            if (!path.isTextual()) {
                throw new UsageException("--prefetch-files-json: " + file + ": every element must be a path string, found " + path);
            }
            paths.add(path.asText());
        }
        return paths;
    }
}
