package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a run that did not succeed ends: a usage error (exit 2) is one line naming what was wrong and a line saying
 * where the usage is; a failure (exit 1) is one line naming the command, the input and the problem.
 */
final class Failures implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    private static final Pattern INVALID_VALUE = Pattern.compile("Invalid value for option '([^']+)': (.*)", Pattern.DOTALL);

    /** Jackson is loaded only when a --json run fails: building it costs every command a few hundred classes. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final PrintStream err;
    private final PrintStream out;

    Failures(PrintStream err, PrintStream out) {
        this.err = err;
        this.out = out;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        // the parse stopped early, so --json may not have been set yet: the raw arguments tell
        boolean json = List.of(args).contains("--json");
        return usage(e.getCommandLine(), message(e), json);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof UsageException) {
            return usage(command, e.getMessage(), false);
        }
        String message = Main.describe(e);
        err.println(label(command) + ": " + message);
        if (System.getenv("SOCI_DEBUG") != null) {
            e.printStackTrace(err);
        }
        json(command, message, Main.FAILED, false);
        return Main.FAILED;
    }

    /** With {@code --json}, the one JSON object of a failed run. */
    private void json(CommandLine command, String message, int exit, boolean jsonInArguments) {
        if (command.getCommand() instanceof JsonOutcome outcome && (jsonInArguments || outcome.json())) {
            ObjectNode failure = Json.MAPPER.createObjectNode();
            failure.put("status", "failed");
            failure.put("exitCode", exit);
            failure.put("error", message);
            failure.put("input", outcome.input());
            out.println(failure);
        }
    }

    private int usage(CommandLine command, String message, boolean jsonInArguments) {
        json(command, message, Main.USAGE, jsonInArguments);
        err.println("soci-builder: " + message);
        String name = qualifiedName(command);
        err.println(RootCommand.SYNOPSIS + (name.isEmpty()
                ? "; 'soci-builder --help' lists the commands"
                : "; 'soci-builder " + name + " --help' lists its options"));
        return Main.USAGE;
    }

    /** {@code soci-builder ztoc build}, the prefix of a failure line. */
    private static String label(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    /** The command's name below the root: {@code ztoc build}, or empty for the root. */
    private static String qualifiedName(CommandLine command) {
        return command.getParent() == null ? "" : label(command).substring(label(command).indexOf(' ') + 1);
    }

    /** picocli's messages in the project's words, naming the argument that was wrong. */
    private static String message(ParameterException e) {
        CommandLine command = e.getCommandLine();
        return switch (e) {
            case CommandLine.UnmatchedArgumentException unmatched -> unmatched(command, unmatched.getUnmatched());
            case CommandLine.MissingParameterException missing -> qualifiedName(command) + " needs "
                    + missing.getMissing().stream().map(Failures::name).collect(Collectors.joining(" and "));
            default -> invalidValue(e.getMessage());
        };
    }

    private static String unmatched(CommandLine command, List<String> arguments) {
        String first = arguments.isEmpty() ? "" : arguments.getFirst();
        if (first.startsWith("-") && first.length() > 1) {
            return "unknown option " + first.replaceFirst("=.*", "");
        }
        if (!command.getSubcommands().isEmpty()) {
            return command.getParent() == null ? "unknown command '" + first + "'"
                    : "unknown " + qualifiedName(command) + " subcommand '" + first + "'";
        }
        return qualifiedName(command) + ": unexpected argument '" + first + "'";
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() + " " + option.paramLabel() : arg.paramLabel();
    }

    /** "Invalid value for option '--span-size': needs a whole number" reads "--span-size needs a whole number". */
    private static String invalidValue(String message) {
        Matcher m = INVALID_VALUE.matcher(message);
        return m.matches() ? m.group(1) + " " + m.group(2) : message;
    }
}
