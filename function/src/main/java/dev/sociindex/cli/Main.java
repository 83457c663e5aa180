package dev.sociindex.cli;

/** Entry point of the {@code soci-builder} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("usage: soci-builder <command> ...  (commands are being built)");
        System.exit(2);
    }
}
