package dev.sociindex.cli;

import dev.sociindex.bench.Bench;
import dev.sociindex.bench.BenchOptions;
import dev.sociindex.bench.BenchReport;
import dev.sociindex.demo.SampleImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * {@code bench}: measures layer throughput, whole-image conversion, memory and cold start on this machine against
 * baselines run alongside (see {@link Bench}). Tables on stdout, or the report as JSON with {@code --json}; progress
 * goes to stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        showDefaultValues = true,
        description = "measure speed, memory and cold start against baselines on this machine")
final class BenchCommand implements Callable<Integer>, JsonOutcome {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--only", paramLabel = "PART[,PART...]", showDefaultValue = Visibility.NEVER,
            description = "Run only these parts: layers, processes, image, memory, coldstart (repeatable; default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the generated images and baselines live.")
    Path workDir = BenchOptions.DEFAULT_WORK_DIR;

    @Option(names = "--size-mb", paramLabel = "MB", description = "Size of the generated corpus, in MB (10^6 bytes).")
    long sizeMb = BenchOptions.DEFAULT_SIZE_MB;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds per measurement (1 to 100).")
    int rounds = BenchOptions.DEFAULT_ROUNDS;

    @Option(names = "--quick", description = "Small inputs, for a smoke run.")
    boolean quick;

    @Option(names = "--large", description = "The memory part also streams a 20 GB layer.")
    boolean large;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        EnumSet<BenchOptions.Part> parts = EnumSet.noneOf(BenchOptions.Part.class);
        for (String names : only) {
            for (String name : names.split(",")) {
                try {
                    parts.add(BenchOptions.Part.parse(name.strip()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--only: " + e.getMessage());
                }
            }
        }
        if (sizeMb <= 0 || rounds < 1 || rounds > 100) {
            throw new UsageException("--size-mb must be positive and --rounds between 1 and 100");
        }
        BenchOptions options = new BenchOptions(workDir, sizeMb, rounds, quick, large, parts);
        BenchReport report = new Bench(options, SampleImage::write, line -> err.println("bench: " + line)).run();
        out.print(json ? report.toJson() + "\n" : report.toTable());
        return Main.OK;
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String input() {
        return workDir.toString();
    }
}
