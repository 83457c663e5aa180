package dev.sociindex.report;

import java.io.IOException;

/** Announces a finished index: EventBridge in AWS, stdout in local runs. */
@FunctionalInterface
public interface CompletionPublisher {
    /** @throws IOException when the event was not accepted */
    void publish(CompletionEvent event) throws IOException;
}
