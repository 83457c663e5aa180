package dev.sociindex.lambda;

import dev.sociindex.convert.ConversionResult;

/** What the guards decided about one event: index this image, or skip it for a reason. */
public sealed interface GuardDecision {

    /**
     * Index {@code repository@digest}, tagging the output {@code tag + suffix}.
     *
     * @param digest the pushed digest; null for a backfill request, which names only the tag (read when it is indexed)
     */
    record Proceed(String repository, String digest, String tag) implements GuardDecision {
        /** What the converter reads: the pushed digest, or the tag's current image. */
        String reference() {
            return digest != null ? digest : tag;
        }

        /** The digest that was indexed: the pushed one, or for a backfill request the one the tag held when read. */
        String sourceDigest(ConversionResult result) {
            return digest != null ? digest : result.sourceDigest();
        }
    }

    /** @param explanation one sentence for the log line, naming the values that decided it */
    record Skip(SkipReason reason, String explanation) implements GuardDecision {
    }
}
