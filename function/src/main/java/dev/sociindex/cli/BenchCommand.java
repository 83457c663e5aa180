package dev.sociindex.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code bench}: measures throughput against baselines (being built). */
final class BenchCommand {
    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        throw new UsageException("bench is not available yet");
    }
}
