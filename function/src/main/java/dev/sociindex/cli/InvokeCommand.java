package dev.sociindex.cli;

import dev.sociindex.lambda.LambdaWiring;
import dev.sociindex.lambda.local.LocalInvoke;
import dev.sociindex.registry.CredentialsProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code invoke}: runs the Lambda handler on an EventBridge event file against any registry, printing its log and
 * metric lines, and the completion event or DLQ record it would send. Exit 0 indexed or skipped, 1 permanent
 * failure, 75 transient failure (Lambda would retry; {@link LocalInvoke#EXIT_TRANSIENT_FAILURE}).
 */
final class InvokeCommand {
    private final PrintStream out;

    InvokeCommand(PrintStream out, PrintStream err) {
        this.out = out;
    }

    int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("event", "registry-endpoint", StoreOptions.USER), Set.of(StoreOptions.PLAIN_HTTP));
        String event = args.value("event", null);
        if (event == null) {
            throw new UsageException("invoke needs --event FILE");
        }
        CredentialsProvider credentials = StoreOptions.credentials(args.value(StoreOptions.USER, null));
        return new LocalInvoke(LambdaWiring.storeFactory(), LambdaWiring.converter(), credentials)
                .run(Path.of(event), args.value("registry-endpoint", null), args.flag(StoreOptions.PLAIN_HTTP), out);
    }
}
