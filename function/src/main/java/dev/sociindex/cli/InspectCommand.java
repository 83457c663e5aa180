package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.index.PrefetchArtifact.PrefetchSpan;
import dev.sociindex.registry.StoreLocator.LocatedImage;
import dev.sociindex.verify.ImageInspector;
import dev.sociindex.verify.Inspection;
import dev.sociindex.verify.Inspection.LayerEntry;
import dev.sociindex.verify.Inspection.PlatformEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect}: what a converted image holds, per platform and per layer; reads no layer. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"show the SOCI index of each platform and the zTOC of each layer",
                "",
                "Per platform the SOCI index digest; per layer its size, zTOC digest and size, span and file counts,"
                        + " and the annotations that shape lazy loading (disable-xattrs, prefetch spans)."},
        footer = {"", "IMAGE: HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG] or oci-archive:FILE[:TAG]"})
final class InspectCommand implements Callable<Integer>, JsonOutcome {
    private final PrintStream out;

    @Parameters(paramLabel = "IMAGE", description = "The image, usually the -soci tag.")
    String image;

    @Option(names = "--json", description = "Print one JSON object on stdout, also on failure.")
    boolean json;

    @Mixin
    StoreOptions store;

    InspectCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        Inspection inspection;
        try (LocatedImage located = store.locator().open(store.reference("IMAGE", image), false)) {
            inspection = new ImageInspector(located.store()).inspect(located.reference());
        }
        out.print(json ? new ObjectMapper().writeValueAsString(inspection) + "\n" : text(inspection));
        return Main.OK;
    }

    static String text(Inspection inspection) {
        StringBuilder text = new StringBuilder(inspection.image()).append(" (").append(inspection.digest()).append(")\n");
        if (inspection.noSociIndex() != null) {
            text.append("  no SOCI index: nothing qualified (").append(inspection.noSociIndex()).append(")\n");
        }
        for (PlatformEntry platform : inspection.platforms()) {
            text.append(platform.platform().isEmpty() ? "image" : platform.platform()).append(": manifest ").append(platform.manifestDigest())
                    .append(platform.sociIndexDigest() == null ? ", no SOCI index" : ", SOCI index " + platform.sociIndexDigest()).append('\n');
            for (LayerEntry layer : platform.layers()) {
                text.append("  layer ").append(layer.digest()).append(' ').append(layer.size()).append(" bytes");
                if (layer.ztocDigest() == null) {
                    text.append(": no zTOC");
                } else {
                    text.append(": zTOC ").append(layer.ztocDigest()).append(' ').append(layer.ztocSize()).append(" bytes, ")
                            .append(layer.spans()).append(" spans of ").append(layer.spanSize()).append(", ").append(layer.files())
                            .append(" files");
                    if (layer.disableXattrs()) {
                        text.append(", disable-xattrs");
                    }
                }
                if (layer.prefetchDigest() != null) {
                    text.append(", prefetch spans");
                    for (PrefetchSpan span : layer.prefetchSpans()) {
                        text.append(' ').append(span.startSpan()).append('-').append(span.endSpan());
                    }
                }
                text.append('\n');
            }
        }
        return text.toString();
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
