package dev.sociindex.lambda;

import java.io.IOException;

/**
 * Too little invocation time is left to start more work. Transient: the next attempt starts with a full budget, and
 * the work already done (pushed zTOC blobs) is reused because the output is deterministic.
 */
public class TimeBudgetExceededException extends IOException {
    public TimeBudgetExceededException(String message) {
        super(message);
    }
}
