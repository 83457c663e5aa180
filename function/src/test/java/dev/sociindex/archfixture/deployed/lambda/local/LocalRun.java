package dev.sociindex.archfixture.deployed.lambda.local;

/** Stands in for local invocation (lambda.local), not deployed. */
public final class LocalRun {
    private LocalRun() {
    }

    public static String banner() {
        return "local";
    }
}
