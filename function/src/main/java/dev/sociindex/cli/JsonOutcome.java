package dev.sociindex.cli;

/**
 * A command with {@code --json}: when it is given, every outcome, a failure too, is exactly one JSON object on
 * stdout ({@link Failures} writes the failed ones).
 */
interface JsonOutcome {
    boolean json();

    /** The input the command was given (the source image, the image to verify), for the failure object. */
    String input();
}
