package dev.sociindex.report;

import java.util.List;

/**
 * The {@code detail} of the completion event: which source image got which SOCI-enabled index, so that a pipeline
 * can wait for it and deploy the output by digest.
 *
 * @param layersIndexed distinct layers that got a zTOC
 * @param layersSkipped distinct layers left without one (too small, zstd, ...)
 */
public record CompletionEvent(
        String repository,
        String sourceTag,
        String sourceDigest,
        String outputTag,
        String outputDigest,
        List<PlatformIndex> platforms,
        int layersIndexed,
        int layersSkipped,
        long durationMs) {

    public CompletionEvent {
        platforms = List.copyOf(platforms);
    }

    /** @param sociIndexDigest null when no layer of this platform qualified */
    public record PlatformIndex(String platform, String manifestDigest, String sociIndexDigest) {
    }
}
