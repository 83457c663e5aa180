package dev.sociindex.cli;

import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.convert.ProgressListener;
import dev.sociindex.oci.Platform;
import dev.sociindex.oci.ImageReference;
import dev.sociindex.registry.StoreLocator;
import dev.sociindex.registry.StoreLocator.LocatedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code convert}: build an image's SOCI v2 index and write it back (or to {@code --to}). */
final class ConvertCommand {
    private final PrintStream out;
    private final PrintStream err;

    ConvertCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv,
                Set.of(StoreOptions.USER, StoreOptions.RETRIES, "tag-suffix", "output-tag", "to", "span-size", "min-layer-size",
                        "platform", "parallelism"),
                Set.of(StoreOptions.PLAIN_HTTP, "json"));
        String sourceText = args.onlyPositional("SOURCE");
        if (args.value("tag-suffix", null) != null && args.value("output-tag", null) != null) {
            throw new UsageException("give --tag-suffix or --output-tag, not both");
        }
        for (String platform : args.values("platform")) {
            try {
                Platform.parse(platform);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--platform: " + e.getMessage());
            }
        }
        String toText = args.value("to", null);
        ImageReference to = toText == null ? null : ImageReference.parse(toText, args.flag(StoreOptions.PLAIN_HTTP));
        String outputTag = args.value("output-tag", to != null && namesReferenceExplicitly(toText, to.reference())
                ? to.reference() : null);
        ConvertOptions options = options(args, outputTag);
        StoreLocator locator = StoreOptions.locator(args);
        try (LocatedImage source = locator.open(sourceText, false);
             LocatedImage target = to == null ? null : locator.open(to, true)) {
            ProgressListener progress = Terminal.interactive() && !args.flag("json") ? err::println : ProgressListener.SILENT;
            ConversionResult result = new ImageConverter(progress)
                    .convert(source.store(), source.reference(), target == null ? source.store() : target.store(), options);
            out.print(args.flag("json") ? ResultJson.of(result) + "\n" : ResultJson.summary(result));
            return Main.OK;
        }
    }

    private static ConvertOptions options(Args args, String outputTag) {
        long parallelism = args.longValue("parallelism", Runtime.getRuntime().availableProcessors());
        try {
            return new ConvertOptions(
                    args.longValue("span-size", Defaults.SPAN_SIZE),
                    args.longValue("min-layer-size", Defaults.MIN_LAYER_SIZE),
                    args.values("platform"),
                    args.value("tag-suffix", Defaults.OUTPUT_TAG_SUFFIX),
                    outputTag,
                    (int) Math.min(parallelism, 1024),
                    Defaults.BUILD_TOOL_IDENTIFIER);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Whether DEST itself ends with a tag or digest (the parser defaults an absent tag to "latest"). */
    private static boolean namesReferenceExplicitly(String text, String reference) {
        return text.endsWith(":" + reference) || text.endsWith("@" + reference);
    }
}
