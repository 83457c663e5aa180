package dev.sociindex.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Entry point of the {@code soci-builder} command line. Exit codes: 0 done (also "skipped" and "already
 * converted" for convert), 1 failed (one line on stderr naming the input and the problem), 2 usage error,
 * 3 a layer given to {@code ztoc build} was skipped.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int LAYER_SKIPPED = 3;

    private static final Pattern JACKSON_LOCATION =
            Pattern.compile("\\s*at \\[Source: [^;\\]]*(?:\\([^)]*\\))?[^;\\]]*; line: (\\d+), column: (\\d+)]");

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = commandLine(out, err, argv.isEmpty() ? null : argv.get(0));
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        Failures failures = new Failures(err, out);
        cli.setParameterExceptionHandler(failures);
        cli.setExecutionExceptionHandler(failures);
        try {
            return cli.execute(argv.toArray(String[]::new));
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The command tree; every command writes its results to {@code out} and its diagnostics to {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, null);
    }

    /**
     * The command tree, or only the branch of {@code first} when that names a command: picocli reads every
     * registered command's annotations by reflection at start, a few tenths of a second of CPU for all of them, which a
     * {@code ztoc build} of a small layer would otherwise pay on top of its own work. Help and unknown commands get
     * the whole tree.
     */
    private static CommandLine commandLine(PrintStream out, PrintStream err, String first) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("help", CommandLine.HelpCommand::new);
        commands.put("ztoc", () -> new CommandLine(new ZtocCommand())
                .addSubcommand(new ZtocBuildCommand(out, err))
                .addSubcommand(new ZtocInfoCommand(out))
                .addSubcommand(new ZtocGetFileCommand(out, err)));
        commands.put("convert", () -> new ConvertCommand(out, err));
        commands.put("verify", () -> new VerifyCommand(out, err));
        commands.put("get-file", () -> new GetFileCommand(out, err));
        commands.put("inspect", () -> new InspectCommand(out));
        commands.put("demo", () -> new DemoCommand(out, err));
        commands.put("invoke", () -> new InvokeCommand(out));
        commands.put("backfill", () -> new BackfillCommand(out, err));
        commands.put("bench", () -> new BenchCommand(out, err));
        CommandLine cli = new CommandLine(new RootCommand());
        if (first != null && !first.equals("help") && commands.containsKey(first)) {
            cli.addSubcommand(first, commands.get(first).get());
        } else {
            commands.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        cli.registerConverter(long.class, Main::wholeNumber);
        cli.registerConverter(int.class, Main::wholeInt);
        RootCommand.customizeHelp(cli);
        return cli;
    }

    private static long wholeNumber(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("needs a whole number, got '" + text + "'");
        }
    }

    private static int wholeInt(String text) {
        long value = wholeNumber(text);
        if (value != (int) value) {
            throw new CommandLine.TypeConversionException("needs a whole number below 2^31, got '" + text + "'");
        }
        return (int) value;
    }

    /**
     * One line: the exception's own message (the engine's messages name the input and the offset), with file
     * system errors, whose message is only a path, saying what went wrong with it.
     */
    static String describe(Throwable e) {
        String message = switch (e) {
            case NoSuchFileException missing -> missing.getFile() + ": no such file or directory";
            case AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case FileAlreadyExistsException exists -> exists.getFile() + ": already exists";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        };
        // Jackson appends where it stopped as "at [Source: REDACTED (...); line: 1, column: 2]": keep only the position
        return JACKSON_LOCATION.matcher(message).replaceAll(" (line $1, column $2)").strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
