package dev.sociindex.index;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.GoJson;
import dev.sociindex.oci.MediaTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A prefetch artifact (spec 3.1): the spans of one layer the snapshotter fetches before the container asks for
 * them. The body is the reference's Go struct marshalled with {@code encoding/json}:
 * {@code {"version":"1.0","prefetch_spans":[{"start_span":A,"end_span":B}]}}, with {@code priority} written only
 * when it is not zero ({@code omitempty}); the snapshotter accepts only version "1.0" and a non-empty list.
 *
 * @param spans sorted by start span, overlapping and adjacent ranges merged (use {@link #merged})
 */
public record PrefetchArtifact(String layerDigest, List<PrefetchSpan> spans) {
    public static final String VERSION = "1.0";

    /** Spans {@code startSpan..endSpan}, both included. */
    public record PrefetchSpan(int startSpan, int endSpan, int priority) {
        public PrefetchSpan {
            if (startSpan < 0 || endSpan < startSpan) {
                throw new IllegalArgumentException("prefetch span " + startSpan + ".." + endSpan + " is not a range of span ids");
            }
        }

        public static PrefetchSpan of(int startSpan, int endSpan) {
            return new PrefetchSpan(startSpan, endSpan, 0);
        }
    }

    public PrefetchArtifact {
        Digests.requireSha256(layerDigest);
        spans = List.copyOf(spans);
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("a prefetch artifact for layer " + layerDigest + " needs at least one span");
        }
    }

    /** Sorts {@code spans} and merges those that overlap or touch; a merged range keeps the highest priority. */
    public static PrefetchArtifact merged(String layerDigest, Collection<PrefetchSpan> spans) {
        List<PrefetchSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(PrefetchSpan::startSpan).thenComparingInt(PrefetchSpan::endSpan));
        List<PrefetchSpan> merged = new ArrayList<>();
        for (PrefetchSpan span : sorted) {
            PrefetchSpan last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && span.startSpan() <= last.endSpan() + 1L) {
                merged.set(merged.size() - 1, new PrefetchSpan(last.startSpan(), Math.max(last.endSpan(), span.endSpan()),
                        Math.max(last.priority(), span.priority())));
            } else {
                merged.add(span);
            }
        }
        return new PrefetchArtifact(layerDigest, merged);
    }

    /** The blob, in canonical Go JSON. */
    public byte[] body() {
        GoJson json = new GoJson().beginObject().member("version", VERSION).name("prefetch_spans").beginArray();
        for (PrefetchSpan span : spans) {
            json.beginObject().member("start_span", span.startSpan()).member("end_span", span.endSpan());
            if (span.priority() != 0) {
                json.member("priority", span.priority());
            }
            json.endObject();
        }
        return json.endArray().endObject().toByteArray();
    }

    /** Its entry in the SOCI index manifest: after the zTOCs, annotated with the layer digest only. */
    public Descriptor descriptor() {
        byte[] body = body();
        return Descriptor.of(MediaTypes.SOCI_PREFETCH, Digests.sha256(body), body.length)
                .withAnnotation(SociAnnotations.IMAGE_LAYER_DIGEST, layerDigest);
    }
}
