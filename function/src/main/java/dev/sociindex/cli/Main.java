package dev.sociindex.cli;

import java.io.PrintStream;
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
                      [--json] SOURCE
                                  build the SOCI v2 index of an image and write it back
              verify [--plain-http] [--user USER:PASS] [--json] IMAGE
                                  check a converted image end to end
              demo                convert and verify a built-in sample image (no registry, no AWS account)
              invoke --event FILE [--registry-endpoint HOST:PORT] [--plain-http]
                                  run the Lambda handler locally on an EventBridge event file
              bench [--only layers|image|memory|coldstart]... [--work-dir DIR] [--size-mb N] [--rounds N]
                    [--quick] [--large] [--json]
                                  measure speed, memory and cold start against baselines on this machine

            image references: HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG], oci-archive:FILE[:TAG]
            """;

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("help")) {
            (argv.isEmpty() ? err : out).print(USAGE_TEXT);
            return argv.isEmpty() ? USAGE : OK;
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
                case "bench" -> new BenchCommand(out, err).run(rest);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("soci-builder: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (Exception e) {
            err.println("soci-builder " + command + ": " + describe(e));
            if (System.getenv("SOCI_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return FAILED;
        }
    }

    /** One line: the exception's own message, prefixed by its type when the message alone would be unclear. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }
}
