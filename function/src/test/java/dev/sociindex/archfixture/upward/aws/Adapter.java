package dev.sociindex.archfixture.upward.aws;

import dev.sociindex.archfixture.upward.lambda.Handler;

/** An AWS adapter that calls the Lambda handler: a tier above it. */
public final class Adapter {
    public void forward() {
        new Handler().handle();
    }
}
