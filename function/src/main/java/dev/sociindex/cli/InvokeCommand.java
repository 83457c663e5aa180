package dev.sociindex.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code invoke}: runs the Lambda handler locally on an event file (wired when the lambda package lands). */
final class InvokeCommand {
    private final PrintStream out;
    private final PrintStream err;

    InvokeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        throw new UsageException("invoke is not available yet");
    }
}
