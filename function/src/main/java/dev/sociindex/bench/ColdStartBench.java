package dev.sociindex.bench;

import dev.sociindex.files.FileTrees;
import dev.sociindex.store.OciLayoutStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Part 4: how long a fresh JVM takes to reach {@code main}, to a constructed Lambda handler, and to the end of its
 * first small conversion (the demo image in an OCI layout), as the parent sees it from starting the process. Also
 * measured with the cheap start-up options a Lambda can set in {@code JAVA_TOOL_OPTIONS}: C1 only
 * ({@code -XX:TieredStopAtLevel=1}) and an application class-data-sharing archive made by a training run
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).
 */
final class ColdStartBench {
    /** A region, so that the AWS clients can be built; they are never called (no DLQ, no bus configured). */
    private static final Map<String, String> ENVIRONMENT = Map.of("AWS_REGION", "us-east-1");

    private final BenchOptions options;
    private final SampleImageWriter sample;
    private final Consumer<String> progress;

    ColdStartBench(BenchOptions options, SampleImageWriter sample, Consumer<String> progress) {
        this.options = options;
        this.sample = sample;
        this.progress = progress;
    }

    /** Milliseconds from process start to each milestone: mean and best over the runs. */
    record Variant(String name, List<String> jvmOptions, int runs, Millis toMain, Millis toHandler, Millis toFirstConversion,
                   Millis toExit) {
    }

    record Millis(double mean, double best) {
        static Millis of(List<Double> values) {
            return new Millis(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        }
    }

    /**
     * @param cdsArchiveMb       size of the AppCDS archive, 0 when none could be made
     * @param cdsUnavailable     why the AppCDS variants were not measured, or null when they were
     */
    record Result(String javaVersion, List<Variant> variants, double cdsArchiveMb, double cdsTrainingSeconds,
                  String cdsUnavailable) {
    }

    Result run() throws Exception {
        Path folder = options.workDir().resolve("coldstart");
        FileTrees.deleteTree(folder);
        Files.createDirectories(folder);
        int runs = options.quick() ? 1 : 5;
        List<List<String>> optionSets = new ArrayList<>(List.of(List.of(), List.of("-XX:TieredStopAtLevel=1")));
        Path archive = folder.resolve("app-cds.jsa");
        double training = 0;
        String cdsUnavailable = cdsUnavailable();
        if (cdsUnavailable == null) {
            progress.accept("coldstart: training run for the class-data-sharing archive " + archive);
            training = Stopwatch.seconds(() -> runOnce(List.of("-XX:ArchiveClassesAtExit=" + archive), folder));
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training run did not write " + archive);
            }
            String cds = "-XX:SharedArchiveFile=" + archive;
            optionSets.addAll(List.of(List.of(cds), List.of(cds, "-XX:TieredStopAtLevel=1")));
        }
        List<Variant> variants = new ArrayList<>();
        for (List<String> jvmOptions : optionSets) {
            variants.add(measure(jvmOptions, runs, folder));
        }
        double archiveMb = Files.isRegularFile(archive) ? Files.size(archive) / 1e6 : 0;
        FileTrees.deleteTree(folder);
        return new Result(Runtime.version().toString(), variants, archiveMb, training, cdsUnavailable);
    }

    /** The JVM archives classes from jar files only: a class folder on the class path (a test run) rules AppCDS out. */
    private static String cdsUnavailable() {
        for (String entry : ChildJvm.classPath().split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                return "the class path holds the folder " + entry + "; AppCDS archives classes from jar files only"
                        + " (run the shaded jar, as soci-builder does)";
            }
        }
        return null;
    }

    private Variant measure(List<String> jvmOptions, int runs, Path folder) throws Exception {
        List<Double> main = new ArrayList<>();
        List<Double> handler = new ArrayList<>();
        List<Double> converted = new ArrayList<>();
        List<Double> exit = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ChildJvm.Finished finished = runOnce(jvmOptions, folder);
            main.add(arrival(finished, ColdStartProbe.MAIN));
            handler.add(arrival(finished, ColdStartProbe.HANDLER));
            converted.add(arrival(finished, ColdStartProbe.CONVERTED));
            exit.add(finished.totalNanos() / 1e6);
        }
        String name = jvmOptions.isEmpty() ? "default" : String.join(" ", jvmOptions.stream()
                .map(o -> o.startsWith("-XX:SharedArchiveFile") ? "AppCDS" : o.replace("-XX:", "")).toList());
        progress.accept(String.format("coldstart: %s: handler %.0f ms, first conversion %.0f ms", name,
                Millis.of(handler).mean(), Millis.of(converted).mean()));
        return new Variant(name, jvmOptions, runs, Millis.of(main), Millis.of(handler), Millis.of(converted), Millis.of(exit));
    }

    /** One child run on a fresh copy of the sample image, so that every run really converts. */
    private ChildJvm.Finished runOnce(List<String> jvmOptions, Path folder) throws Exception {
        Path layout = Files.createTempDirectory(folder, "layout-");
        try {
            try (OciLayoutStore store = OciLayoutStore.openOrCreate(layout)) {
                sample.write(store, ColdStartProbe.TAG);
            }
            return ChildJvm.run(jvmOptions, ColdStartProbe.class.getName(), List.of(layout.toString()), ENVIRONMENT, line -> { })
                    .requireSuccess("the cold-start probe " + String.join(" ", jvmOptions));
        } finally {
            FileTrees.deleteTree(layout);
        }
    }

    private static double arrival(ChildJvm.Finished finished, String marker) {
        for (int i = 0; i < finished.lines().size(); i++) {
            if (finished.lines().get(i).startsWith(marker)) {
                return finished.lineNanos().get(i) / 1e6;
            }
        }
        throw new IllegalStateException("the cold-start probe never printed '" + marker + "': " + finished.lines());
    }

}
