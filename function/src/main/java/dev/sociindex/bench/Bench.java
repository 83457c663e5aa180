package dev.sociindex.bench;

import java.nio.file.Files;
import java.util.function.Consumer;

/** Runs the parts of {@code soci-builder bench} that the options select and gathers their results. */
public final class Bench {
    private final BenchOptions options;
    private final SampleImageWriter sample;
    private final Consumer<String> progress;

    /**
     * @param sample   writes the small image the cold-start part converts
     * @param progress one line per step, for a person watching
     */
    public Bench(BenchOptions options, SampleImageWriter sample, Consumer<String> progress) {
        this.options = options;
        this.sample = sample;
        this.progress = progress;
    }

    public BenchReport run() throws Exception {
        Files.createDirectories(options.workDir());
        MachineInfo machine = MachineInfo.atStart();
        LayerThroughputBench.Result layers = null;
        ProcessBench.Result processes = null;
        ImageConversionBench.Result image = null;
        MemoryBench.Result memory = null;
        ColdStartBench.Result coldstart = null;
        for (BenchOptions.Part part : options.parts()) {
            switch (part) {
                case LAYERS -> layers = new LayerThroughputBench(options, progress).run();
                case PROCESSES -> processes = new ProcessBench(options, progress).run();
                case IMAGE -> image = new ImageConversionBench(options, progress).run();
                case MEMORY -> memory = new MemoryBench(options, progress).run();
                case COLDSTART -> coldstart = new ColdStartBench(options, sample, progress).run();
            }
        }
        return new BenchReport(machine.atEnd(), layers, processes, image, memory, coldstart);
    }
}
