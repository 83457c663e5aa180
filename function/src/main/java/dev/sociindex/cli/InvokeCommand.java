package dev.sociindex.cli;

import dev.sociindex.lambda.LambdaWiring;
import dev.sociindex.lambda.local.LocalInvoke;
import dev.sociindex.registry.CredentialsProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code invoke}: runs the Lambda handler on an EventBridge event file against any registry, printing its log and
 * metric lines, and the completion event or DLQ record it would send. Exit 0 indexed or skipped, 1 permanent
 * failure, 75 transient failure (Lambda would retry; {@link LocalInvoke#EXIT_TRANSIENT_FAILURE}).
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"run the Lambda handler locally on an EventBridge event file",
                "",
                "Exit 0 indexed or skipped, 1 permanent failure, 75 transient failure (Lambda would retry)."})
final class InvokeCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--event", paramLabel = "FILE", description = "The EventBridge event (an ECR image push) as JSON.")
    Path event;

    @Option(names = "--registry-endpoint", paramLabel = "HOST:PORT",
            description = "Send the event's registry requests here instead (a local registry standing in for ECR).")
    String registryEndpoint;

    @Option(names = "--plain-http", description = "Speak plain HTTP to the registry.")
    boolean plainHttp;

    @Option(names = "--user", paramLabel = "USER:PASSWORD", description = "Basic credentials for the registry.")
    String user;

    InvokeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (event == null) {
            throw new UsageException("invoke needs --event FILE");
        }
        CredentialsProvider credentials = StoreOptions.credentials(user);
        return new LocalInvoke(LambdaWiring.storeFactory(), LambdaWiring.converter(), credentials)
                .run(event, registryEndpoint, plainHttp, out);
    }
}
