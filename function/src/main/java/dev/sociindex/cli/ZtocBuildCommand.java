package dev.sociindex.cli;

import dev.sociindex.contract.Defaults;
import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerFormatException;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.ZtocBuilder;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.ztoc.ZtocBlob;
import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ztoc build}: the zTOC of one layer blob, written to a file or to stdout. */
@Command(name = "build", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        showDefaultValues = true,
        description = {"build the zTOC of one layer blob",
                "",
                "Exit 3 when the layer gets no zTOC (zstd, not compressed, ...); the reason goes to stderr."})
final class ZtocBuildCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "LAYER_FILE", description = "The layer blob, as a registry stores it.")
    Path layerFile;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.ztoc", description = "Where the zTOC goes; - for stdout.")
    String output;

    @Option(names = "--span-size", paramLabel = "BYTES", defaultValue = "" + Defaults.SPAN_SIZE,
            description = "Uncompressed bytes between two checkpoints (4 MiB).")
    long spanSize;

    @Option(names = "--media-type", paramLabel = "MT", defaultValue = MediaTypes.OCI_LAYER_GZIP,
            description = "The layer's media type, which says how it is compressed.")
    String mediaType;

    @Option(names = "--spill-dir", paramLabel = "DIR", showDefaultValue = Visibility.NEVER,
            description = "Where a large layer's checkpoint windows wait (32 KiB per span, past " + (CheckpointSpill.DEFAULT_THRESHOLD >> 20) + " MiB) until its zTOC"
                    + " is written (default: the system temporary folder).")
    Path spillDir;

    @Option(names = "--decode-threads", paramLabel = "N", showDefaultValue = Visibility.NEVER,
            description = {"Threads that decode the layer in parallel; 0: one thread, the sequential decoder.",
                    "Default: SOCI_DECODE_THREADS (a number or 'cores', for layers of at least "
                            + (ParallelDecoding.DEFAULT_MIN_COMPRESSED_SIZE >> 20) + " MiB), else 0; a number given"
                            + " here applies to a layer of any size."})
    Integer decodeThreads;

    ZtocBuildCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        if (output == null) {
            throw new UsageException("ztoc build needs -o OUT.ztoc (or -o - for stdout)");
        }
        if (spanSize <= 0) {
            throw new UsageException("--span-size must be positive, got " + spanSize);
        }
        if (decodeThreads != null && (decodeThreads < 0 || decodeThreads > ParallelDecoding.MAX_THREADS)) {
            throw new UsageException("--decode-threads must be 0.." + ParallelDecoding.MAX_THREADS + ", got "
                    + decodeThreads);
        }
        ParallelDecoding decoding = decodeThreads == null ? ParallelDecoding.defaults()
                : new ParallelDecoding(decodeThreads, ParallelDecoding.DEFAULT_CHUNK_SIZE, 0);
        if (!Files.isRegularFile(layerFile)) {
            throw new IOException(layerFile + ": no such layer file");
        }
        boolean toStdout = output.equals("-");
        Path target = toStdout ? null : Path.of(output).toAbsolutePath();
        if (target != null && !Files.isDirectory(target.getParent())) {
            throw new IOException(output + ": cannot write the zTOC there, folder " + target.getParent() + " does not exist");
        }
        // No digest was claimed for a local file, so it is read once, for the zTOC, and not hashed whole.
        LayerDescriptor layer = LayerDescriptor.unverified(Files.size(layerFile), mediaType);
        LayerResult result;
        try (InputStream blob = new BufferedInputStream(Files.newInputStream(layerFile), 1 << 16)) {
            result = new LayerIndexer(spanSize, Defaults.BUILD_TOOL_IDENTIFIER, ZtocBuilder.DEFAULT_MAX_ENTRIES,
                    SpillDirectory.of(spillDir), decoding).index(layer, blob);
        } catch (LayerFormatException e) {
            // the engine names the layer by digest; here the user knows it by its file name
            throw new IOException(layerFile + ": " + e.getCause().getMessage(), e);
        }
        switch (result) {
            case LayerResult.Skipped skipped -> {
                err.println("soci-builder ztoc build: " + layerFile + " skipped: " + skipped.detail());
                return Main.LAYER_SKIPPED;
            }
            case LayerResult.Indexed indexed -> {
                try (ZtocBlob ztoc = indexed.ztoc()) {
                    if (toStdout) {
                        try (InputStream bytes = ztoc.open()) {
                            bytes.transferTo(out);
                        }
                        out.flush();
                    } else {
                        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
                        try (InputStream bytes = ztoc.open(); OutputStream file = Files.newOutputStream(temporary)) {
                            bytes.transferTo(file);
                        }
                        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                    err.printf("%s: %d files, %d spans, %d bytes uncompressed -> %s (%d bytes, %s)%n", layerFile,
                            indexed.files(), indexed.spans(), indexed.uncompressedSize(), toStdout ? "stdout" : output,
                            ztoc.size(), indexed.ztocDigest());
                }
                return Main.OK;
            }
        }
    }
}
