package dev.sociindex.cli;

/** The command line itself is wrong; exit code 2 with the usage text. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
