package dev.sociindex.backfill;

import java.util.List;

/** What a backfill did with every tag it saw, in the order it saw them. */
public record BackfillSummary(List<ImageOutcome> images) {

    public enum Outcome {
        CONVERTED("converted"),
        /** The output tag already holds an index built from the same source digest, or the state file says done. */
        ALREADY("already"),
        /** Not ours to convert (an output tag, not selected by the filters) or nothing to index. */
        SKIPPED("skipped"),
        FAILED("failed"),
        /** Put on the bus for the deployed function to index ({@code backfill --enqueue}). */
        ENQUEUED("enqueued"),
        /** Dry run of {@code --enqueue}: would be put on the bus. */
        WOULD_ENQUEUE("would enqueue"),
        /** Dry run: would be converted. */
        PLANNED("would convert"),
        /** Dry run: the output tag already holds an index built from this source with these options. */
        UP_TO_DATE("up to date"),
        /** Dry run: a conversion would skip the image (the reason says why). */
        WOULD_SKIP("would skip"),
        /** The run's time ran out before this image's turn; a new run picks it up. */
        NOT_ATTEMPTED("not attempted");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** @param reason why, for everything but a plain conversion (null then) */
    public record ImageOutcome(String repository, String tag, Outcome outcome, String reason) {
    }

    public BackfillSummary {
        images = List.copyOf(images);
    }

    public long count(Outcome outcome) {
        return images.stream().filter(i -> i.outcome() == outcome).count();
    }

    /** Lines for people: the counts, then every image that was not simply converted or already done, with why. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(count(Outcome.CONVERTED)).append(" converted, ").append(count(Outcome.ALREADY)).append(" already, ")
                .append(count(Outcome.SKIPPED)).append(" skipped, ").append(count(Outcome.FAILED)).append(" failed");
        if (count(Outcome.PLANNED) > 0) {
            text.append(", ").append(count(Outcome.PLANNED)).append(" would be converted");
        }
        if (count(Outcome.UP_TO_DATE) > 0) {
            text.append(", ").append(count(Outcome.UP_TO_DATE)).append(" up to date");
        }
        if (count(Outcome.WOULD_SKIP) > 0) {
            text.append(", ").append(count(Outcome.WOULD_SKIP)).append(" would be skipped");
        }
        if (count(Outcome.NOT_ATTEMPTED) > 0) {
            text.append(", ").append(count(Outcome.NOT_ATTEMPTED)).append(" not attempted (out of time; run again)");
        }
        text.append('\n');
        return text.append(detailLines()).toString();
    }

    /** One line for every image that was not simply converted or already done, with why. */
    private String detailLines() {
        StringBuilder text = new StringBuilder();
        for (ImageOutcome image : images) {
            if (image.outcome() == Outcome.FAILED || image.outcome() == Outcome.SKIPPED || image.outcome() == Outcome.PLANNED
                    || image.outcome() == Outcome.UP_TO_DATE) {
                text.append("  ").append(image.outcome().label()).append(' ').append(image.repository()).append(':')
                        .append(image.tag());
                if (image.reason() != null) {
                    text.append(": ").append(image.reason());
                }
            } else if (image.outcome() == Outcome.WOULD_SKIP) {
                text.append("  would skip ").append(image.repository()).append(':').append(image.tag()).append(" (")
                        .append(image.reason()).append(')');
            } else {
                continue;
            }
            text.append('\n');
        }
        return text.toString();
    }
}
