package dev.sociindex.cli;

import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.demo.SampleImage;
import dev.sociindex.store.OciLayoutStore;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the main job on an embedded default. Writes a sample three-layer image into an OCI layout in a
 * temporary folder, converts it exactly as {@code convert} would, verifies the result, and says what it did.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "convert and verify a built-in sample image (no registry, no AWS account)")
final class DemoCommand implements Callable<Integer> {
    private static final String TAG = "demo";

    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--dir", paramLabel = "DIR", description = "The OCI layout to write (default: a new temporary folder).")
    Path dir;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Path layout = dir != null ? dir : Files.createTempDirectory("soci-demo-");
        try (OciLayoutStore store = OciLayoutStore.openOrCreate(layout)) {
            out.println("1. writing a sample image (3 gzip layers, linux/amd64) to oci:" + layout + ":" + TAG);
            String manifestDigest = SampleImage.write(store, TAG);
            out.println("   image manifest " + manifestDigest);

            out.println("2. converting it to SOCI index manifest v2");
            long start = System.nanoTime();
            ConversionResult result = new ImageConverter(message -> out.println("   " + message))
                    .convert(store, TAG, store, ConvertOptions.defaults());
            out.print(indent(ResultJson.summary(result)));
            out.printf("   took %d ms%n", (System.nanoTime() - start) / 1_000_000);

            out.println("3. verifying " + result.target());
            VerificationReport report = new ImageVerifier(store).verify(TAG + "-soci");
            report.problems().forEach(p -> err.println("   problem: " + p));
            out.printf("   %s: %d SOCI index, %d zTOCs checked against their layers%n", report.ok() ? "ok" : "FAILED",
                    report.sociIndexes(), report.ztocs());
            out.println();
            out.println("Try: ./soci-builder convert --json oci:" + layout + ":" + TAG + "   (again: reported as already converted)");
            out.println("     ./soci-builder verify oci:" + layout + ":" + TAG + "-soci");
            // a second run over the same --dir finds its earlier output: already converted is a success too
            return report.ok() && result.status() != ConversionResult.Status.SKIPPED ? Main.OK : Main.FAILED;
        }
    }

    private static String indent(String text) {
        return text.lines().map(line -> "   " + line + "\n").reduce("", String::concat);
    }
}
