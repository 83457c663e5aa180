package dev.sociindex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of this JVM's finished and waited-for child processes, from {@code /proc/self/stat}
 * ({@code cutime} and {@code cstime}); the difference around one child's run is that child's CPU time. Zero where
 * the file is missing.
 */
final class ChildCpu {
    /** The kernel's USER_HZ on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private ChildCpu() {
    }

    static double seconds() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return 0;
        }
        String text = Files.readString(stat);
        // Fields after the command name (which is in parentheses and may hold spaces); cutime and cstime are 16, 17.
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    }
}
