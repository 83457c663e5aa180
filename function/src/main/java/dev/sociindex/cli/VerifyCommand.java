package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.registry.StoreLocator.LocatedImage;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify}: check a converted image end to end; exit 1 when anything is wrong. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        showDefaultValues = true,
        description = {"check a converted image end to end",
                "",
                "Reads IMAGE's SOCI index and checks every zTOC against the layer it indexes; exit 1 on any problem."},
        footer = {"", "IMAGE: HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG] or oci-archive:FILE[:TAG]"})
final class VerifyCommand implements Callable<Integer>, JsonOutcome {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "IMAGE", description = "The converted image (the output tag of convert).")
    String image;

    @Option(names = "--json", description = "Print one JSON object with the report on stdout, also on failure.")
    boolean json;

    @Mixin
    StoreOptions store;

    VerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        VerificationReport report;
        if (!json) {
            store.printRetries(err);
        }
        try (LocatedImage located = store.locator().open(store.reference("IMAGE", image), false)) {
            report = new ImageVerifier(located.store()).verify(located.reference());
        }
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("status", report.ok() ? "verified" : "failed");
            root.put("image", image);
            root.put("ok", report.ok());
            root.put("indexDigest", report.indexDigest());
            root.put("sociIndexes", report.sociIndexes());
            root.put("ztocs", report.ztocs());
            report.problems().forEach(root.putArray("problems")::add);
            out.println(root);
        } else if (report.ok()) {
            out.printf("verified %s (%s): %d SOCI index(es), %d zTOC(s), no problems%n", image, report.indexDigest(),
                    report.sociIndexes(), report.ztocs());
        } else {
            report.problems().forEach(p -> err.println("problem: " + p));
            err.printf("soci-builder verify: %s has %d problem(s)%n", image, report.problems().size());
        }
        return report.ok() ? Main.OK : Main.FAILED;
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String input() {
        return image;
    }
}
