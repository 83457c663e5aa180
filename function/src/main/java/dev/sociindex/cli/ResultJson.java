package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConversionResult.LayerOutcome;
import dev.sociindex.convert.ConversionResult.PlatformResult;

/** The one JSON object {@code convert --json} prints; field names are part of the CLI contract. */
final class ResultJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultJson() {
    }

    static String of(ConversionResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", result.status().label());
        root.put("source", result.source());
        root.put("sourceDigest", result.sourceDigest());
        root.put("target", result.target());
        root.put("targetDigest", result.targetDigest());
        ArrayNode platforms = root.putArray("platforms");
        for (PlatformResult platform : result.platforms()) {
            ObjectNode p = platforms.addObject();
            p.put("platform", platform.platform());
            p.put("manifestDigest", platform.manifestDigest());
            p.put("sociIndexDigest", platform.sociIndexDigest());
            ArrayNode layers = p.putArray("layers");
            for (LayerOutcome layer : platform.layers()) {
                ObjectNode l = layers.addObject();
                l.put("digest", layer.digest());
                l.put("size", layer.size());
                l.put("mediaType", layer.mediaType());
                l.put("ztocDigest", layer.ztocDigest());
                l.put("ztocSize", layer.ztocSize());
                l.put("skipCode", layer.skipCode());
                l.put("skipped", layer.skipped());
            }
        }
        return root.toString();
    }

    /** A few lines for people: what happened, where the result is, and why layers were skipped. */
    static String summary(ConversionResult result) {
        StringBuilder out = new StringBuilder();
        switch (result.status()) {
            case CONVERTED -> out.append("converted ").append(result.source()).append(" -> ").append(result.target())
                    .append(" (").append(result.targetDigest()).append(")\n");
            case ALREADY_CONVERTED -> out.append("already converted: ").append(result.target()).append(" (")
                    .append(result.targetDigest()).append(") was built from ").append(result.sourceDigest()).append('\n');
            case SKIPPED -> out.append("skipped ").append(result.source()).append(": no layer qualifies for a zTOC; ").append(result.target() == null
                    ? "no output tag written\n" : "tagged " + result.target() + " (" + result.targetDigest() + ") with the unchanged image\n");
        }
        for (PlatformResult platform : result.platforms()) {
            long indexed = platform.layers().stream().filter(l -> l.ztocDigest() != null).count();
            out.append("  ").append(platform.platform()).append(": ").append(indexed).append(" of ").append(platform.layers().size())
                    .append(" layers indexed");
            if (platform.sociIndexDigest() != null) {
                out.append(", SOCI index ").append(platform.sociIndexDigest());
            }
            out.append('\n');
            for (LayerOutcome layer : platform.layers()) {
                if (layer.skipped() != null) {
                    out.append("    skipped ").append(layer.digest(), 0, Math.min(19, layer.digest().length())).append("…: ")
                            .append(layer.skipped()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
