package dev.sociindex.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ztoc}: the zTOC engine on one layer file, no registry involved ({@code build}, {@code info}, {@code get-file}). */
@Command(name = "ztoc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "build or read the zTOC of one layer file")
final class ZtocCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("ztoc needs a subcommand: build, info or get-file");
    }
}
