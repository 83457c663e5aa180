package dev.sociindex.cli;

import dev.sociindex.contract.Defaults;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.convert.ImageNotFoundException;
import dev.sociindex.oci.ImageReference;
import dev.sociindex.oci.Platform;
import dev.sociindex.registry.StoreLocator;
import dev.sociindex.registry.StoreLocator.LocatedImage;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convert}: build an image's SOCI v2 index and write it back (or to {@code --to}). */
@Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        showDefaultValues = true,
        description = {"build the SOCI v2 index of an image and write it back",
                "",
                "Indexes every layer at least --min-layer-size bytes big, pushes the zTOCs, the SOCI index and an image"
                        + " index that holds both, and tags it SOURCE's tag + --tag-suffix (or --output-tag)."},
        footer = {"", "SOURCE, DEST: HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG] or", "  oci-archive:FILE[:TAG]"})
final class ConvertCommand implements Callable<Integer>, JsonOutcome {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "SOURCE", description = "The image to convert.")
    String source;

    @Option(names = "--to", paramLabel = "DEST", description = "Write the result here instead of next to SOURCE;"
            + " a tag in DEST names the output tag.")
    String to;

    @Option(names = "--tag-suffix", paramLabel = "S",
            description = "The output tag is SOURCE's tag + S (default: " + Defaults.OUTPUT_TAG_SUFFIX + ").")
    String tagSuffix;

    @Option(names = "--output-tag", paramLabel = "T", description = "The output tag, instead of SOURCE's tag + --tag-suffix.")
    String outputTag;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", showDefaultValue = Visibility.NEVER,
            description = "Convert only this platform of a multi-platform image (repeatable; default: every platform).")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--overwrite-tag", description = "Replace the output tag even when it holds an image this tool did"
            + " not write (by default that is an error; an earlier output of this tool is always replaced).")
    boolean overwriteTag;

    @Option(names = "--prefetch-file", paramLabel = "PATH", showDefaultValue = Visibility.NEVER,
            description = "Write a prefetch artifact with the spans of this file (repeatable; a leading / is optional).")
    List<String> prefetchFiles = new ArrayList<>();

    @Option(names = "--prefetch-files-json", paramLabel = "FILE",
            description = "A JSON array of paths to prefetch, as --prefetch-file.")
    Path prefetchFilesJson;

    @Option(names = "--force", description = "Rebuild and rewrite even when the output tag is up to date, indexing every"
            + " layer again.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object on stdout when done, also on failure; no progress.")
    boolean json;

    @Option(names = "--spill-dir", paramLabel = "DIR", showDefaultValue = Visibility.NEVER,
            description = "Where a large layer's checkpoint windows wait (32 KiB per span, past " + (CheckpointSpill.DEFAULT_THRESHOLD >> 20) + " MiB) until its zTOC"
                    + " is written (default: the system temporary folder).")
    Path spillDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr, only errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Every step of the conversion on stderr.")
    boolean verbose;

    @Mixin
    IndexingOptions indexing;

    @Mixin
    StoreOptions store;

    @Mixin
    DestinationOptions destinationOptions;

    ConvertCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (quiet && verbose) {
            throw new UsageException("give --quiet or --verbose, not both");
        }
        if (outputTag != null && tagSuffix != null) {
            throw new UsageException("give --tag-suffix or --output-tag, not both");
        }
        for (String platform : platforms) {
            try {
                Platform.parse(platform);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--platform: " + e.getMessage());
            }
        }
        store.destination(destinationOptions);
        ImageReference sourceReference = store.reference("SOURCE", source);
        ImageReference destination = to == null ? null : store.reference("--to", to);
        String explicitTag = outputTag != null ? outputTag
                : destination != null && namesReferenceExplicitly(to, destination.reference()) ? destination.reference() : null;
        String tag = OutputGuard.outputTag(sourceReference, explicitTag, tagSuffix == null ? Defaults.OUTPUT_TAG_SUFFIX : tagSuffix);
        OutputGuard.checkNotSource(source, sourceReference, destination, tag);
        ConvertOptions options = options(tag);
        if (!quiet && !json) {
            store.printRetries(err);
        }
        StoreLocator sources = store.locator(StoreOptions.Side.SOURCE);
        StoreLocator destinations = store.locator(StoreOptions.Side.DESTINATION);
        ConversionResult result;
        // the result is printed only once the stores are closed: an archive is written when its store closes
        try (LocatedImage sourceImage = sources.open(sourceReference, false);
             LocatedImage target = destination == null ? null : destinations.open(destination, true)) {
            ImageStore output = target == null ? sourceImage.store() : target.store();
            // the source first, so that a missing image is reported as such rather than through its output tag
            if (sourceImage.store().getManifest(sourceImage.reference()).isEmpty()) {
                throw new ImageNotFoundException(source + ": no such image");
            }
            OutputGuard.checkExistingTag(output, tag, overwriteTag);
            LayerProgress progress = new LayerProgress(LayerProgress.mode(quiet, verbose, json), err);
            ImageStore counted = progress.counting(sourceImage.store());
            try {
                result = new ImageConverter(progress, ZtocReuse.DISABLED, SpillDirectory.of(spillDir))
                        .convert(counted, sourceImage.reference(),
                        target == null ? counted : output, options);
            } finally {
                progress.finish();
            }
        }
        out.print(json ? ResultJson.of(result) + "\n" : ResultJson.summary(result));
        return Main.OK;
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public String input() {
        return source;
    }

    private ConvertOptions options(String tag) throws IOException {
        boolean xattr = indexing.xattrOptimization();
        List<String> prefetch = new ArrayList<>(prefetchFiles);
        if (prefetchFilesJson != null) {
            prefetch.addAll(PrefetchFilesJson.read(prefetchFilesJson));
        }
        try {
            return new ConvertOptions(indexing.spanSize, indexing.minLayerSize, platforms, Defaults.OUTPUT_TAG_SUFFIX, tag,
                    indexing.threads(), Defaults.BUILD_TOOL_IDENTIFIER, xattr, prefetch, force, indexing.tagWhenEmpty);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Whether DEST itself ends with a tag or digest (the parser defaults an absent tag to "latest"). */
    private static boolean namesReferenceExplicitly(String text, String reference) {
        return text.endsWith(":" + reference) || text.endsWith("@" + reference);
    }
}
