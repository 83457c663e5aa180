package dev.sociindex.archfixture.deployed.lambda;

import dev.sociindex.archfixture.deployed.lambda.local.LocalRun;

/** A deployed handler that calls local-invocation code, which the function jar leaves out. */
public final class Handler {
    public String handle() {
        return LocalRun.banner();
    }
}
