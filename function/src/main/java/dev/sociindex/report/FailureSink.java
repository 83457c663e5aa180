package dev.sociindex.report;

import java.io.IOException;

/** Where permanent failures are recorded: the DLQ in AWS, stdout in local runs. */
@FunctionalInterface
public interface FailureSink {
    /** @throws IOException when the record could not be stored; the caller then fails the invocation */
    void record(FailureRecord failure) throws IOException;
}
