package dev.sociindex.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a verbose {@code convert -v} printed about its layers: how many were indexed and how many were in progress at
 * once at most, from the "indexing layer DIGEST ..." and "layer SHORT-DIGEST ...: indexed in ..." lines.
 */
public record LayerConcurrency(int indexed, int mostAtOnce) {
    private static final Pattern STARTED = Pattern.compile("indexing layer (sha256:[0-9a-f]{12})[0-9a-f]{52} .*");
    private static final Pattern ENDED = Pattern.compile("layer (sha256:[0-9a-f]{12}) .*: indexed in .*");

    public static LayerConcurrency of(List<String> lines) {
        Set<String> running = new HashSet<>();
        int most = 0;
        int indexed = 0;
        for (String line : lines) {
            Matcher started = STARTED.matcher(line);
            Matcher ended = ENDED.matcher(line);
            if (started.matches()) {
                running.add(started.group(1));
                most = Math.max(most, running.size());
            } else if (ended.matches()) {
                running.remove(ended.group(1));
                indexed++;
            }
        }
        return new LayerConcurrency(indexed, most);
    }
}
