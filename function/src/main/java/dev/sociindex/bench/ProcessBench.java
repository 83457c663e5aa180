package dev.sociindex.bench;

import dev.sociindex.contract.Defaults;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The processes part: whole processes on two real layers, a small one (the size most layers are; {@code gzip -9})
 * and a large one ({@code gzip -6}), each against zlib's own {@code inflate(Z_BLOCK)} checkpointing pass as a
 * process. Rows, in alternating rounds: that zlib pass (the reference of every ratio), {@code libdeflate-gunzip}
 * (the single-core limit of a whole-buffer decoder), the JDK's {@link java.util.zip.GZIPInputStream} draining the
 * layer in a fresh JVM, and {@code ztoc build} in a plain JVM, decoding sequentially and in parallel on 1, 2 and N
 * threads ({@code --decode-threads}), and through the {@code soci-builder} launcher with its default (when the bench
 * runs from the launcher's jar). zlib's checkpoint count must equal our zTOC's span count.
 */
final class ProcessBench {
    /** Layers of the part: name, tar content bytes, gzip level; the quick run uses the small sizes. */
    record Shape(String name, long contentBytes, long quickContentBytes, int level) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("small", 135_000_000L, 8_000_000L, 9),
            new Shape("large", 1_000_000_000L, 24_000_000L, 6));

    /**
     * Decoding threads of the parallel rows: 1 (decoding on one worker beside the reading thread), 2, and the
     * machine's cores or 4 if it has fewer (then oversubscribed, which shows what more threads cost there).
     */
    static final List<Integer> PARALLEL_THREADS = List.of(1, 2,
            Math.max(4, Runtime.getRuntime().availableProcessors()));

    private final BenchOptions options;
    private final Consumer<String> progress;

    ProcessBench(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /** @param layers one entry per shape */
    record Result(List<Layer> layers, boolean launcherMeasured) {
    }

    /**
     * @param checkpoints zlib's checkpoint count, equal to our zTOC's span count
     * @param rows        the first is zlib's pass
     */
    record Layer(String name, int level, int files, long uncompressedBytes, long compressedBytes, int checkpoints,
                 List<Row> rows) {
    }

    /**
     * @param cpuSecondsMean user + system CPU time of the process, mean over all rounds (10 ms resolution)
     * @param timesZlib      wall time over zlib's (below 1: faster than zlib), per figure
     */
    record Row(String name, RoundStats seconds, double cpuSecondsMean, RoundStats.Rates timesZlib) {
    }

    Result run() throws Exception {
        Path workDir = options.workDir();
        NativeTools tools = NativeTools.prepare(workDir);
        Corpus corpus = Corpus.scan();
        List<Layer> layers = new ArrayList<>();
        Launcher launcher = Launcher.find();
        for (Shape shape : SHAPES) {
            long content = options.quick() ? shape.quickContentBytes() : shape.contentBytes();
            List<Corpus.SourceFile> files = corpus.slices(1, content).get(0);
            Path tar = workDir.resolve("corpus-" + content / 1_000_000 + "mb.tar");
            progress.accept("processes: writing " + tar + " (cached)");
            Corpus.writeTar(files, tar);
            Path gz = workDir.resolve(tar.getFileName() + ".gzip" + shape.level() + ".gz");
            progress.accept("processes: gzip -" + shape.level() + " -> " + gz + " (cached)");
            Gzippers.GZIP.compress(tar, shape.level(), gz);
            layers.add(measure(shape, files.size(), tar, gz, tools, launcher));
        }
        return new Result(layers, launcher != null);
    }

    private Layer measure(Shape shape, int files, Path tar, Path gz, NativeTools tools, Launcher launcher)
            throws Exception {
        Path ztoc = options.workDir().resolve(gz.getFileName() + ".ztoc");
        String span = Long.toString(Defaults.SPAN_SIZE);
        List<Command> commands = new ArrayList<>();
        commands.add(new Command("zlib inflate(Z_BLOCK) checkpoints (C)",
                List.of(tools.zlibCheckpoints().toString(), span, gz.toString())));
        commands.add(new Command("libdeflate-gunzip -c", List.of(tools.libdeflateGunzip().toString(), "-c", gz.toString())));
        commands.add(new Command("GZIPInputStream (JVM)", ChildJvm.command(List.of(), GunzipProbe.class.getName(),
                List.of(gz.toString()))));
        commands.add(new Command("ztoc build, sequential decode (plain JVM)", ChildJvm.command(List.of(),
                "dev.sociindex.cli.Main", List.of("ztoc", "build", "--decode-threads", "0", "-o", ztoc.toString(),
                        gz.toString()))));
        for (int threads : PARALLEL_THREADS) {
            commands.add(new Command("ztoc build, parallel decode " + threads + " thread" + (threads == 1 ? "" : "s")
                    + " (plain JVM)", ChildJvm.command(List.of(), "dev.sociindex.cli.Main", List.of("ztoc", "build",
                    "--decode-threads", Integer.toString(threads), "-o", ztoc.toString(), gz.toString()))));
        }
        if (launcher != null) {
            Command viaLauncher = new Command("soci-builder ztoc build (launcher, default decode)",
                    List.of(launcher.script().toString(), "ztoc", "build", "-o", ztoc.toString(), gz.toString()));
            // once untimed: a user's first run of a new jar build makes the launcher's start-up cache, later ones map it
            progress.accept("processes: " + shape.name() + ": a first launcher run for its start-up cache");
            viaLauncher.run();
            commands.add(viaLauncher);
        }
        List<List<Double>> wall = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            wall.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        String zlibOutput = null;
        for (int round = 0; round < options.rounds(); round++) {
            StringBuilder line = new StringBuilder("processes: " + shape.name() + " round " + (round + 1) + ":");
            for (int i = 0; i < commands.size(); i++) {
                Timed timed = commands.get(i).run();
                wall.get(i).add(timed.wallSeconds());
                cpu.get(i).add(timed.cpuSeconds());
                if (i == 0) {
                    zlibOutput = timed.stdout().strip();
                }
                line.append(String.format(" %.2f", timed.wallSeconds()));
            }
            progress.accept(line.toString());
        }
        // "checkpoints N uncompressed BYTES", from our C program
        String[] words = zlibOutput.split(" ");
        int checkpoints = Integer.parseInt(words[1]);
        long uncompressed = Long.parseLong(words[3]);
        int ours = ZtocReader.read(Files.readAllBytes(ztoc)).compressionInfo().maxSpanId() + 1;
        Files.deleteIfExists(ztoc);
        if (ours != checkpoints || uncompressed != Files.size(tar)) {
            throw new IllegalStateException(gz + ": zlib found " + checkpoints + " checkpoints in " + uncompressed
                    + " bytes, our zTOC has " + ours + " spans (the tar has " + Files.size(tar) + " bytes)");
        }
        RoundStats zlib = RoundStats.of(wall.get(0));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            RoundStats stats = RoundStats.of(wall.get(i));
            // zlib "sped over" this row is this row's time over zlib's
            rows.add(new Row(commands.get(i).name(), stats,
                    cpu.get(i).stream().mapToDouble(Double::doubleValue).average().orElseThrow(), zlib.speedOver(stats)));
        }
        return new Layer(shape.name(), shape.level(), files, uncompressed, Files.size(gz), checkpoints, rows);
    }

    private record Timed(double wallSeconds, double cpuSeconds, String stdout) {
    }

    /** One measured process; stdout is kept only when short (the decompressors' output is discarded). */
    private record Command(String name, List<String> argv) {
        Timed run() throws IOException, InterruptedException {
            boolean discard = name.startsWith("libdeflate");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.PIPE);
            if (discard) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            double cpuBefore = ChildCpu.seconds();
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            String stdout = discard ? "" : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = ChildCpu.seconds() - cpuBefore;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited with " + exit + ": " + stderr.strip());
            }
            return new Timed(wall, cpu, stdout);
        }
    }

    /** The {@code soci-builder} script next to the jar this bench runs from, if it runs from one. */
    record Launcher(Path script) {
        static Launcher find() {
            String classPath = ChildJvm.classPath();
            if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
                return null;
            }
            Path jar = Path.of(classPath).toAbsolutePath();
            Path root = jar.getParent() == null || jar.getParent().getParent() == null ? null
                    : jar.getParent().getParent().getParent();
            Path script = root == null ? null : root.resolve("soci-builder");
            return script != null && Files.isExecutable(script) ? new Launcher(script) : null;
        }
    }
}
