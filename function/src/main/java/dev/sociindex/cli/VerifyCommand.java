package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.registry.StoreLocator.LocatedImage;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code verify}: check a converted image end to end; exit 1 when anything is wrong. */
final class VerifyCommand {
    private final PrintStream out;
    private final PrintStream err;

    VerifyCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of(StoreOptions.USER, StoreOptions.RETRIES), Set.of(StoreOptions.PLAIN_HTTP, "json"));
        String imageText = args.onlyPositional("IMAGE");
        VerificationReport report;
        try (LocatedImage image = StoreOptions.locator(args).open(imageText, false)) {
            report = new ImageVerifier(image.store()).verify(image.reference());
        }
        if (args.flag("json")) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("image", imageText);
            json.put("ok", report.ok());
            json.put("indexDigest", report.indexDigest());
            json.put("sociIndexes", report.sociIndexes());
            json.put("ztocs", report.ztocs());
            report.problems().forEach(json.putArray("problems")::add);
            out.println(json);
        } else if (report.ok()) {
            out.printf("verified %s (%s): %d SOCI index(es), %d zTOC(s), no problems%n", imageText, report.indexDigest(),
                    report.sociIndexes(), report.ztocs());
        } else {
            report.problems().forEach(p -> err.println("problem: " + p));
            err.printf("soci-builder verify: %s has %d problem(s)%n", imageText, report.problems().size());
        }
        return report.ok() ? Main.OK : Main.FAILED;
    }
}
