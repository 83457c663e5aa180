package dev.sociindex.backfill;

import java.io.IOException;
import java.util.List;

/** Where a backfill puts its requests: on AWS, the stack's event bus through {@code PutEvents}. */
public interface RequestBus {
    /** What the bus said about one request of a call. */
    record Answer(boolean accepted, String errorCode, String errorMessage) {
        public static final Answer ACCEPTED = new Answer(true, null, null);

        public static Answer rejected(String errorCode, String errorMessage) {
            return new Answer(false, errorCode, errorMessage);
        }

        @Override
        public String toString() {
            return accepted ? "accepted" : errorCode + ": " + errorMessage;
        }
    }

    /** The most requests one call may carry. */
    int maxBatch();

    /**
     * Puts {@code requests} in one call.
     *
     * @return one answer per request, in order: a bus may take some entries of a call and reject others
     * @throws IOException when the call as a whole failed (after the client's own retries)
     */
    List<Answer> put(List<BackfillRequest> requests) throws IOException;

    /** Whether a rejected entry may succeed when put again (throttling, an internal failure of the bus). */
    boolean isRetryable(Answer answer);

    /** Names the bus in messages. */
    String description();
}
