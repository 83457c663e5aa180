package dev.sociindex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a bench ran on: cores, CPU model, JVM, and the load average (1, 5, 15 min) at start and end, since
 * other processes on a shared machine skew every figure.
 */
public record MachineInfo(int cores, String cpu, String java, String os, List<Double> loadAtStart, List<Double> loadAtEnd) {

    static MachineInfo atStart() throws IOException {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), loadAverage(), List.of());
    }

    MachineInfo atEnd() throws IOException {
        return new MachineInfo(cores, cpu, java, os, loadAtStart, loadAverage());
    }

    private static List<Double> loadAverage() throws IOException {
        Path file = Path.of("/proc/loadavg");
        if (!Files.isReadable(file)) {
            return List.of();
        }
        String[] fields = Files.readString(file).strip().split("\\s+");
        return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
    }

    private static String cpuModel() throws IOException {
        Path file = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(file)) {
            return "unknown";
        }
        return Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst().orElse("unknown");
    }
}
