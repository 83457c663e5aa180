package dev.sociindex.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;

/** Local runs have no DLQ: the record is printed as one JSON line, wrapped so that it is easy to pick out. */
public final class PrintStreamFailureSink implements FailureSink {
    private final PrintStream out;

    public PrintStreamFailureSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void record(FailureRecord failure) {
        try {
            out.println(Json.MAPPER.writeValueAsString(new Printed(failure)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a failure record", e);
        }
    }

    /** The line as printed: {@code {"dlqRecord": {...}}}. */
    record Printed(FailureRecord dlqRecord) {
    }
}
