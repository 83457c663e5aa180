package dev.sociindex.lambda;

/** What the guards decided about one event: index this image, or skip it for a reason. */
public sealed interface GuardDecision {

    /** Index {@code repository@digest}, tagging the output {@code tag + suffix}. */
    record Proceed(String repository, String digest, String tag) implements GuardDecision {
    }

    /** @param explanation one sentence for the log line, naming the values that decided it */
    record Skip(SkipReason reason, String explanation) implements GuardDecision {
    }
}
