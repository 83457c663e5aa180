package dev.sociindex.cli;

import java.io.Console;

/** Whether the CLI talks to a person at a terminal, which decides if progress lines go to stderr. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when the standard streams are a terminal. Up to JDK 21 {@link System#console()} is null otherwise; from
     * JDK 22 on it returns a console even when redirected and {@code Console.isTerminal()} (not in the Java 21 API
     * this code compiles against, hence the reflective call) tells the two apart.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException onJdk21) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
