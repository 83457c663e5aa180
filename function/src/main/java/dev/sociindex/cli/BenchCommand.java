package dev.sociindex.cli;

import dev.sociindex.demo.SampleImage;

import dev.sociindex.bench.Bench;
import dev.sociindex.bench.BenchOptions;
import dev.sociindex.bench.BenchReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bench}: measures layer throughput, whole-image conversion, memory and cold start on this machine against
 * baselines run alongside (see {@link Bench}). Tables on stdout, or the report as JSON with {@code --json}; progress
 * goes to stderr.
 */
final class BenchCommand {
    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("work-dir", "size-mb", "rounds", "only"), Set.of("quick", "large", "json"));
        if (!args.positionals().isEmpty()) {
            throw new UsageException("bench takes no arguments, got " + args.positionals());
        }
        EnumSet<BenchOptions.Part> parts = EnumSet.noneOf(BenchOptions.Part.class);
        for (String only : args.values("only")) {
            for (String name : only.split(",")) {
                try {
                    parts.add(BenchOptions.Part.parse(name.strip()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--only: " + e.getMessage());
                }
            }
        }
        long sizeMb = args.longValue("size-mb", BenchOptions.DEFAULT_SIZE_MB);
        long rounds = args.longValue("rounds", BenchOptions.DEFAULT_ROUNDS);
        if (sizeMb <= 0 || rounds < 1 || rounds > 100) {
            throw new UsageException("--size-mb must be positive and --rounds between 1 and 100");
        }
        BenchOptions options = new BenchOptions(Path.of(args.value("work-dir", BenchOptions.DEFAULT_WORK_DIR.toString())),
                sizeMb, (int) rounds, args.flag("quick"), args.flag("large"), parts);
        BenchReport report = new Bench(options, SampleImage::write, line -> err.println("bench: " + line)).run();
        out.print(args.flag("json") ? report.toJson() + "\n" : report.toTable());
        return Main.OK;
    }
}
