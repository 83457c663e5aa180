package dev.sociindex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How to reach the destination of {@code convert --to}: the one command that opens a second image. Kept apart from
 * {@link StoreOptions} so that the commands reading a single image do not offer options they would ignore.
 */
final class DestinationOptions {
    @Option(names = "--dest-creds", paramLabel = "USER[:PASSWORD]",
            description = "Credentials for the destination registry (--to).")
    String credentials;

    @Option(names = "--dest-ca-bundle", paramLabel = "FILE",
            description = "Trust the CA certificates in FILE (PEM) for the destination registry, instead of the JDK's.")
    Path caBundle;
}
