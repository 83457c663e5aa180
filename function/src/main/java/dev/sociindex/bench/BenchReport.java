package dev.sociindex.bench;

import dev.sociindex.ztoc.CheckpointSpill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.stream.Collectors;

/** Everything one bench run measured; a part that did not run is null (absent from the JSON). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(MachineInfo machine, LayerThroughputBench.Result layers,
                          ProcessBench.Result processes, ImageConversionBench.Result image,
                          MemoryBench.Result memory, ColdStartBench.Result coldstart) {

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the bench report cannot be written as JSON", e);
        }
    }

    /** The human-readable tables. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("machine: %d cores (%s), %s; load average %s at start, %s at end%n", machine.cores(),
                machine.cpu(), machine.java(), load(machine.loadAtStart()), load(machine.loadAtEnd())));
        if (layers != null) {
            out.append(layersTable());
        }
        if (processes != null) {
            out.append(processesTable());
        }
        if (image != null) {
            out.append(imageTable());
        }
        if (memory != null) {
            out.append(memoryTable());
        }
        if (coldstart != null) {
            out.append(coldStartTable());
        }
        return out.toString();
    }

    private static String load(List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).collect(Collectors.joining(" "));
    }

    private String layersTable() {
        StringBuilder out = new StringBuilder(String.format(
                "%nLayer throughput: tar of %d system files, %.0f MB uncompressed; %d rounds, cold = round 1, warm = rounds 2+%n",
                layers.files(), layers.corpusBytes() / 1e6, layers.compressions().get(0).baseline().seconds().rounds()));
        TextTable table = new TextTable("layer / reader", "cold s", "warm mean s", "warm best s", "MB/s out cold",
                "MB/s out warm", "MB/s out best", "MB/s in warm", "x baseline warm", "x baseline best");
        for (LayerThroughputBench.Compressed c : layers.compressions()) {
            String name = c.encoder() + " -" + LayerThroughputBench.LEVEL + " (" + String.format("%.0f MB", c.compressedBytes() / 1e6) + ")";
            addVariant(table, name + " / " + c.baseline().name(), c.baseline(), null);
            addVariant(table, name + " / " + c.ztocBuild().name(), c.ztocBuild(), c.ztocVsBaseline());
            addVariant(table, name + " / " + c.inflaterOnly().name(), c.inflaterOnly(), c.inflaterVsBaseline());
            table.row(name + " / soci-builder ztoc build (process)", TextTable.f2(c.cliSeconds()), "", "",
                    TextTable.f0(c.cliUncompressedMBps()), "", "", "", "", "");
        }
        out.append(table.render());
        out.append("zTOC build = LayerIndexer: layer digest + inflate + checkpoints + span SHA-256 + tar + zTOC. "
                + "The process row adds JVM start (the CLI reads a local file once and, with no digest to check, does not hash it whole).\n");
        return out.toString();
    }

    private String processesTable() {
        StringBuilder out = new StringBuilder(String.format(
                "%nWhole processes on one layer file each (tar of system files); %d rounds, cold = round 1, warm = rounds 2+;"
                        + " x zlib = wall time over zlib's checkpointing pass (below 1: faster)%n",
                processes.layers().get(0).rows().get(0).seconds().rounds()));
        TextTable table = new TextTable("layer / process", "cold s", "warm mean s", "warm best s", "CPU s", "MB/s out warm",
                "x zlib warm", "x zlib best", "x zlib CPU");
        for (ProcessBench.Layer layer : processes.layers()) {
            String name = String.format("%s: gzip -%d %.0f MB -> %.0f MB", layer.name(), layer.level(),
                    layer.compressedBytes() / 1e6, layer.uncompressedBytes() / 1e6);
            for (ProcessBench.Row row : layer.rows()) {
                table.row(name + " / " + row.name(), TextTable.f2(row.seconds().coldSeconds()),
                        TextTable.f2(row.seconds().warmMeanSeconds()), TextTable.f2(row.seconds().warmBestSeconds()),
                        TextTable.f2(row.cpuSecondsMean()),
                        TextTable.f0(layer.uncompressedBytes() / 1e6 / row.seconds().warmMeanSeconds()),
                        TextTable.f2(row.timesZlib().warmMean()), TextTable.f2(row.timesZlib().warmBest()),
                        TextTable.f2(row.cpuSecondsMean() / layer.rows().get(0).cpuSecondsMean()));
            }
        }
        out.append(table.render());
        out.append("zlib = our C program on the system libz: inflate(Z_BLOCK), a 32 KiB window copied at each checkpoint"
                + " (its checkpoint count is checked against our zTOC's spans); CPU s = user + system, mean of all rounds"
                + " (on a loaded machine the CPU ratio moves less than the wall-time ones); parallel decode N threads ="
                + " --decode-threads N: chunks of " + (dev.sociindex.gzip.ParallelDecoding.DEFAULT_CHUNK_SIZE >> 10)
                + " KiB decoded on N worker threads beside the reading thread; the launcher row runs the default"
                + " (sequential unless SOCI_DECODE_THREADS says otherwise).\n");
        if (!processes.launcherMeasured()) {
            out.append("(the launcher row needs the bench to run from ./soci-builder's jar)\n");
        }
        return out.toString();
    }

    private static void addVariant(TextTable table, String name, LayerThroughputBench.Variant v, RoundStats.Rates ratio) {
        table.row(name, TextTable.f2(v.seconds().coldSeconds()), TextTable.f2(v.seconds().warmMeanSeconds()),
                TextTable.f2(v.seconds().warmBestSeconds()), TextTable.f0(v.uncompressedMBps().cold()),
                TextTable.f0(v.uncompressedMBps().warmMean()), TextTable.f0(v.uncompressedMBps().warmBest()),
                TextTable.f0(v.compressedMBps().warmMean()), ratio == null ? "1" : TextTable.f2(ratio.warmMean()),
                ratio == null ? "1" : TextTable.f2(ratio.warmBest()));
    }

    private String imageTable() {
        StringBuilder out = new StringBuilder(String.format(
                "%nWhole image from a local docker-registry: %d gzip -6 layers, %.0f MB uncompressed, %.0f MB compressed"
                        + " (push %.1f s)%n", image.layers(), image.uncompressedBytes() / 1e6, image.compressedBytes() / 1e6,
                image.pushSeconds()));
        TextTable table = new TextTable("convert", "round 1 s", "warm mean s", "warm best s", "rounds");
        table.row("parallelism 1", TextTable.f2(image.parallelism1().coldSeconds()), TextTable.f2(image.parallelism1().warmMeanSeconds()),
                TextTable.f2(image.parallelism1().warmBestSeconds()), image.parallelism1().rounds());
        table.row("parallelism 2", TextTable.f2(image.parallelism2().coldSeconds()), TextTable.f2(image.parallelism2().warmMeanSeconds()),
                TextTable.f2(image.parallelism2().warmBestSeconds()), image.parallelism2().rounds());
        out.append(table.render());
        out.append(String.format("speed-up with 2 layers at once: %.2fx (warm mean), %.2fx (warm best); %.0f MB/s uncompressed%n",
                image.speedupMean(), image.speedupBest(), image.parallelism2UncompressedMBps()));
        out.append(String.format("cores kept busy by this JVM (CPU time / wall time): %.2f at parallelism 1, %.2f at parallelism 2%n",
                image.coresBusy().parallelism1(), image.coresBusy().parallelism2()));
        return out.toString();
    }

    private String memoryTable() {
        StringBuilder out = new StringBuilder(String.format(
                "%nMemory: ZtocBuilder on a generated gzip -1 layer streamed through a pipe, windows spilled past %d MiB;"
                        + " live heap sampled after GC; GC %s%n", CheckpointSpill.DEFAULT_THRESHOLD >> 20, memory.gc()));
        TextTable table = new TextTable("layer", "-Xmx MiB", "files", "checkpoints", "base MiB", "peak live MiB",
                "windows MiB", "spilled", "zTOC held MiB", "max rest MiB", "rest < 64 MB", "VmHWM MiB", "s");
        for (MemoryBench.Run run : memory.runs()) {
            MemoryProbe.Report p = run.probe();
            table.row(String.format("%.0f MB", p.uncompressedBytes() / 1e6), TextTable.mib(run.xmxBytes()), p.files(), p.checkpoints(),
                    TextTable.mib(p.baseHeapBytes()), TextTable.mib(p.peakHeapAfterGcBytes()), TextTable.mib(p.checkpointBlobBytes()),
                    p.spilled() ? "yes" : "no", TextTable.mib(p.ztocHeapBytes()), TextTable.mib(p.maxRestBytes()), run.restUnderClaim() ? "yes" : "NO",
                    TextTable.mib(p.vmHwmBytes()), TextTable.f1(p.seconds()));
        }
        out.append(table.render());
        out.append("rest = live heap while streaming less the TOC entries (and unspilled windows) held at that moment"
                + " (JVM base included); -Xmx = 64 MB + 1 KiB per expected file, nothing for the windows.\n");
        MemoryBench.CommandRun build = memory.ztocBuild();
        if (build != null) {
            out.append(String.format("ztoc build of %d files of 1 MiB (%.0f MB) under -Xmx%dm: %s%n", build.files(),
                    build.uncompressedBytes() / 1e6, build.xmxBytes() >> 20, build.succeeded()
                            ? String.format("succeeded, %d spans (%.0f MiB of windows, spilled), %.1f s", build.spans(),
                                    build.spans() * 32768 / 1048576.0, build.seconds())
                            : "FAILED: " + build.failure()));
        }
        if (memory.image() != null) {
            out.append(LargeImageMemory.describe(memory.image()));
        }
        return out.toString();
    }

    private String coldStartTable() {
        StringBuilder out = new StringBuilder(String.format(
                "%nCold start (child JVM %s, ms from process start; mean / best of %d runs)%n", coldstart.javaVersion(),
                coldstart.variants().get(0).runs()));
        TextTable table = new TextTable("JVM options", "main", "handler constructed", "first conversion done", "exit");
        for (ColdStartBench.Variant v : coldstart.variants()) {
            table.row(v.name(), millis(v.toMain()), millis(v.toHandler()), millis(v.toFirstConversion()), millis(v.toExit()));
        }
        out.append(table.render());
        out.append(coldstart.cdsUnavailable() != null ? "AppCDS not measured: " + coldstart.cdsUnavailable() + "\n"
                : String.format("AppCDS archive: %.1f MB, made by one training run (%.1f s)%n", coldstart.cdsArchiveMb(),
                        coldstart.cdsTrainingSeconds()));
        return out.toString();
    }

    private static String millis(ColdStartBench.Millis m) {
        return String.format("%.0f / %.0f", m.mean(), m.best());
    }
}
