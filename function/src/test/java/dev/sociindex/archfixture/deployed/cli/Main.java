package dev.sociindex.archfixture.deployed.cli;

import dev.sociindex.archfixture.deployed.lambda.local.LocalRun;
import picocli.CommandLine;

/** The control: the CLI (not deployed) may use local invocation and picocli. */
public final class Main {
    private Main() {
    }

    public static String run() {
        return LocalRun.banner() + new CommandLine(new Main()).getCommandName();
    }
}
