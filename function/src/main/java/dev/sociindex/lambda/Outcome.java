package dev.sociindex.lambda;

import dev.sociindex.report.CompletionEvent;
import dev.sociindex.report.FailureRecord;

/** How one invocation ended, unless it threw (a transient failure, left to Lambda's retries). */
public sealed interface Outcome {

    /** A label for output and exit codes: {@code indexed}, {@code skipped}, {@code retired} or {@code failed}. */
    String status();

    record Indexed(CompletionEvent event) implements Outcome {
        @Override
        public String status() {
            return "indexed";
        }
    }

    record Skipped(SkipReason reason, String explanation) implements Outcome {
        @Override
        public String status() {
            return "skipped";
        }
    }

    /**
     * A source tag was deleted and its output tag was looked at ({@code SOCI_UNTAG_ON_DELETE}).
     *
     * @param result {@code untagged}, {@code absent} or {@code not-ours}
     */
    record Retired(String outputTag, String result, String explanation) implements Outcome {
        @Override
        public String status() {
            return "retired";
        }
    }

    /** A permanent failure, already recorded in the DLQ. */
    record Failed(FailureRecord failure) implements Outcome {
        @Override
        public String status() {
            return "failed";
        }
    }
}
