package dev.sociindex.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;

/**
 * The invocation's remaining time, minus a safety margin. Work that cannot finish in time is better not started:
 * Lambda kills a timed-out invocation without running our error handling, whereas a {@link
 * TimeBudgetExceededException} is classified, counted and retried like any transient failure.
 */
final class TimeBudget {
    private final Context context;
    private final Duration margin;

    TimeBudget(Context context, Duration margin) {
        this.context = context;
        this.margin = margin;
    }

    /** @param nextStep what would start now, for the message */
    void check(String nextStep) throws TimeBudgetExceededException {
        long remaining = context.getRemainingTimeInMillis();
        if (remaining < margin.toMillis()) {
            throw new TimeBudgetExceededException("not " + nextStep + ": " + remaining
                    + " ms of invocation time left, below the safety margin of " + margin.toMillis() + " ms");
        }
    }
}
