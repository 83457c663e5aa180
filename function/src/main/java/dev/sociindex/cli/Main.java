package dev.sociindex.cli;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

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

    private static final String USAGE_TEXT = """
            usage: soci-builder <command> [options]

            commands:
              ztoc build [--span-size N] [--media-type MT] -o OUT.ztoc LAYER_FILE
                                  build the zTOC of one layer blob
              ztoc info FILE      print a zTOC as JSON
              convert [--plain-http] [--user USER:PASS] [--tag-suffix S | --output-tag T] [--to DEST]
                      [--span-size N] [--min-layer-size N] [--platform OS/ARCH[/VARIANT]]... [--parallelism N]
                      [--retries N] [--json] SOURCE
                                  build the SOCI v2 index of an image and write it back
              verify [--plain-http] [--user USER:PASS] [--retries N] [--json] IMAGE
                                  check a converted image end to end
              demo [--dir DIR]    convert and verify a built-in sample image (no registry, no AWS account)
              invoke --event FILE [--registry-endpoint HOST:PORT] [--plain-http]
                                  run the Lambda handler locally on an EventBridge event file
              backfill [--filters REPO:TAG,...] [--plain-http] [--user USER:PASS] [--rate N/s] [--state FILE]
                       [--dry-run] [--tag-suffix S] [--span-size N] [--min-layer-size N] REGISTRY_OR_REPO
                                  convert the images already in a registry (or one repository)
              bench [--only layers|processes|image|memory|coldstart]... [--work-dir DIR] [--size-mb N] [--rounds N]
                    [--quick] [--large] [--json]
                                  measure speed, memory and cold start against baselines on this machine

            image references: HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG], oci-archive:FILE[:TAG]
            --retries N: retries of a transient registry failure (default 4, with backoff); 0 fails at once
            exit codes: 0 done, 1 failed, 2 usage error, 3 ztoc build skipped the layer, 75 invoke: transient failure (Lambda would retry)
            set SOCI_DEBUG=1 for stack traces
            """;

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty()) {
            err.println("soci-builder: no command given");
            err.print(USAGE_TEXT);
            return USAGE;
        }
        if (argv.get(0).equals("--help") || argv.get(0).equals("help")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (command) {
                case "ztoc" -> new ZtocCommand(out, err).run(rest);
                case "convert" -> new ConvertCommand(out, err).run(rest);
                case "verify" -> new VerifyCommand(out, err).run(rest);
                case "demo" -> new DemoCommand(out, err).run(rest);
                case "invoke" -> new InvokeCommand(out, err).run(rest);
                case "backfill" -> new BackfillCommand(out, err).run(rest);
                case "bench" -> new BenchCommand(out, err).run(rest);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("soci-builder: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (Exception e) {
            err.println("soci-builder " + label(command, rest) + ": " + describe(e));
            if (System.getenv("SOCI_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILED;
        }
    }

    /** The command as the error line names it: {@code ztoc build} rather than just {@code ztoc}. */
    private static String label(String command, List<String> rest) {
        return command.equals("ztoc") && !rest.isEmpty() ? command + " " + rest.get(0) : command;
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
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
