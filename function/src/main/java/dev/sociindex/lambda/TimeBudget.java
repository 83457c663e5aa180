package dev.sociindex.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.time.Duration;

/**
 * The invocation's remaining time, minus a safety margin. Work that cannot finish in time is better not started:
 * Lambda kills a timed-out invocation without running our error handling, whereas a {@link
 * TimeBudgetExceededException} is classified, counted and retried like any transient failure, and the retry resumes:
 * every zTOC pushed so far is in the zTOC cache.
 */
final class TimeBudget {
    /**
     * A layer opened while at least this share of the invocation was left had (nearly) a whole invocation to itself:
     * if time runs out during it, a retry would run out the same way.
     */
    static final double WHOLE_INVOCATION_SHARE = 0.95;

    private final Context context;
    private final Duration margin;
    /** The remaining time at the first look, which is at the start of the conversion; -1 before that. */
    private volatile long startRemainingMillis = -1;

    TimeBudget(Context context, Duration margin) {
        this.context = context;
        this.margin = margin;
    }

    /** @param nextStep what would start now, for the message */
    void check(String nextStep) throws TimeBudgetExceededException {
        long remaining = remainingMillis();
        if (remaining < margin.toMillis()) {
            throw new TimeBudgetExceededException("not " + nextStep + ": " + remaining
                    + " ms of invocation time left, below the safety margin of " + margin.toMillis() + " ms");
        }
    }

    long remainingMillis() {
        long remaining = context.getRemainingTimeInMillis();
        if (startRemainingMillis < 0) {
            startRemainingMillis = remaining;
        }
        return remaining;
    }

    /**
     * Stops a layer being read when the margin is reached: transient when a retry (which reuses the layers
     * finished before) can do better, permanent when the layer had the invocation to itself from its start.
     *
     * @param openedAtRemainingMillis {@link #remainingMillis()} when the layer's blob was opened
     */
    void checkLayer(String layer, long bytesRead, long size, long openedAtRemainingMillis) throws IOException {
        long remaining = remainingMillis();
        if (remaining >= margin.toMillis()) {
            return;
        }
        String progress = bytesRead + " of " + size + " bytes read in "
                + (openedAtRemainingMillis - remaining) / 1000 + " s";
        if (openedAtRemainingMillis >= WHOLE_INVOCATION_SHARE * startRemainingMillis) {
            throw new LayerTooLongForInvocationException("layer " + layer + " cannot be indexed within one invocation:"
                    + " " + progress + " when the time budget (" + startRemainingMillis / 1000 + " s less a "
                    + margin.toSeconds() + " s margin) ran out. Resuming works per layer, so a retry would stop the"
                    + " same way: raise the function's timeout (900 s at most) or memory (more CPU), or index this"
                    + " image with the CLI (soci-builder convert)");
        }
        throw new TimeBudgetExceededException("stopped reading layer " + layer + ": " + progress + ", " + remaining
                + " ms of invocation time left, below the safety margin of " + margin.toMillis() + " ms; the retry"
                + " reuses the layers finished so far");
    }
}
