package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sociindex.contract.Defaults;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerFormatException;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.ztoc.ZtocReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/** {@code ztoc build} and {@code ztoc info}: the zTOC engine on one layer file, no registry involved. */
final class ZtocCommand {
    private final PrintStream out;
    private final PrintStream err;

    ZtocCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws IOException {
        if (argv.isEmpty()) {
            throw new UsageException("ztoc needs a subcommand: build or info");
        }
        List<String> rest = argv.subList(1, argv.size());
        return switch (argv.get(0)) {
            case "build" -> build(Args.parse(rest, Set.of("span-size", "media-type", "o", "output"), Set.of()));
            case "info" -> info(Args.parse(rest, Set.of(), Set.of()));
            default -> throw new UsageException("unknown ztoc subcommand '" + argv.get(0) + "'");
        };
    }

    private int build(Args args) throws IOException {
        Path layerFile = Path.of(args.onlyPositional("LAYER_FILE"));
        String output = args.value("o", args.value("output", null));
        if (output == null) {
            throw new UsageException("ztoc build needs -o OUT.ztoc");
        }
        long spanSize = args.longValue("span-size", Defaults.SPAN_SIZE);
        if (spanSize <= 0) {
            throw new UsageException("--span-size must be positive");
        }
        if (!Files.isRegularFile(layerFile)) {
            throw new IOException(layerFile + ": no such layer file");
        }
        Path target = Path.of(output).toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new IOException(output + ": cannot write the zTOC there, folder " + target.getParent() + " does not exist");
        }
        String mediaType = args.value("media-type", MediaTypes.OCI_LAYER_GZIP);
        // No digest was claimed for a local file, so it is read once, for the zTOC, and not hashed whole.
        LayerDescriptor layer = LayerDescriptor.unverified(Files.size(layerFile), mediaType);
        LayerResult result;
        try (InputStream blob = new BufferedInputStream(Files.newInputStream(layerFile), 1 << 16)) {
            result = new LayerIndexer(spanSize, Defaults.BUILD_TOOL_IDENTIFIER).index(layer, blob);
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
                Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
                Files.write(temporary, indexed.ztoc());
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err.printf("%s: %d files, %d spans, %d bytes uncompressed -> %s (%d bytes, %s)%n", layerFile, indexed.files(),
                        indexed.spans(), indexed.uncompressedSize(), output, indexed.ztoc().length, indexed.ztocDigest());
                return Main.OK;
            }
        }
    }

    private int info(Args args) throws IOException {
        Path file = Path.of(args.onlyPositional("FILE"));
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such zTOC file");
        }
        byte[] bytes = Files.readAllBytes(file);
        ZtocInfo info;
        try {
            info = ZtocInfo.of(ZtocReader.read(bytes), Digests.sha256(bytes));
        } catch (IOException | RuntimeException e) {
            // a file that is not a zTOC can fail anywhere in the FlatBuffers walk; say which file it was
            throw new IOException(file + ": not a valid zTOC: " + Main.describe(e), e);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(json.writeValueAsString(info));
        return Main.OK;
    }
}
