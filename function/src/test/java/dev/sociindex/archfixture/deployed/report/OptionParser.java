package dev.sociindex.archfixture.deployed.report;

import picocli.CommandLine;

/** A deployed flow that parses options with picocli, which only the CLI jar carries. */
public final class OptionParser {
    public int exitCodeOf(Object command, String... args) {
        return new CommandLine(command).execute(args);
    }
}
