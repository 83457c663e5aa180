package dev.sociindex.convert;

import java.util.List;

/**
 * What a conversion did; the CLI prints it as JSON and the Lambda puts it in its completion event.
 *
 * @param target       where the output index was tagged, e.g. {@code host/repo:v1-soci}; null when skipped
 * @param targetDigest digest of the output OCI image index; null when skipped
 */
public record ConversionResult(
        Status status,
        String source,
        String sourceDigest,
        String target,
        String targetDigest,
        List<PlatformResult> platforms) {

    public enum Status {
        CONVERTED("converted"),
        SKIPPED("skipped"),
        ALREADY_CONVERTED("already-converted");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param platform        {@code os/arch[/variant]}
     * @param manifestDigest  digest of the rewritten image manifest M' (null when the platform got no index)
     * @param sociIndexDigest digest of the SOCI index manifest S (null when no layer qualified)
     */
    public record PlatformResult(String platform, String manifestDigest, String sociIndexDigest, List<LayerOutcome> layers) {
        public PlatformResult {
            layers = List.copyOf(layers);
        }
    }

    /**
     * @param ztocSize bytes of the zTOC blob, 0 when skipped
     * @param skipCode a short stable code ({@link dev.sociindex.layer.SkipReason}) when the layer got no zTOC, else null
     * @param skipped  what ruled the layer out, for people, or null when {@code ztocDigest} is set
     */
    public record LayerOutcome(String digest, long size, String mediaType, String ztocDigest, long ztocSize, String skipCode,
            String skipped) {
    }

    public ConversionResult {
        platforms = List.copyOf(platforms);
    }
}
