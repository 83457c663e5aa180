package dev.sociindex.archfixture.deployed.cli;

import dev.sociindex.archfixture.deployed.lambda.local.LocalRun;

/** The control: the CLI (not deployed) may use local invocation. */
public final class Main {
    private Main() {
    }

    public static String run() {
        return LocalRun.banner();
    }
}
