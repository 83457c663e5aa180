package dev.sociindex.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sociindex.contract.Defaults;
import java.io.PrintStream;

/** Local runs have no bus: the event is printed as one JSON line in EventBridge's own shape. */
public final class PrintStreamCompletionPublisher implements CompletionPublisher {
    private final PrintStream out;
    private final String source;

    public PrintStreamCompletionPublisher(PrintStream out, String source) {
        this.out = out;
        this.source = source;
    }

    @Override
    public void publish(CompletionEvent event) {
        try {
            out.println(Json.MAPPER.writeValueAsString(new Printed(source, Defaults.COMPLETION_DETAIL_TYPE, event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a completion event", e);
        }
    }

    /** The line as printed: {@code {"source": ..., "detail-type": ..., "detail": {...}}}. */
    record Printed(String source, @JsonProperty("detail-type") String detailType,
                   CompletionEvent detail) {
    }
}
