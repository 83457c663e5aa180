package dev.sociindex.archfixture.upward.lambda;

/** Stands in for the Lambda handler. */
public final class Handler {
    public void handle() {
    }
}
