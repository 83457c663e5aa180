package dev.sociindex.cli;

import dev.sociindex.oci.Platform;
import dev.sociindex.registry.StoreLocator.LocatedImage;
import dev.sociindex.verify.FileRead;
import dev.sociindex.verify.ImageFileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code get-file}: one file of a converted image, fetched as the snapshotter would fetch it lazily: the zTOC and
 * only the compressed ranges of the spans that hold it. The proof, on a user's own image, that lazy loading works.
 */
@Command(name = "get-file", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"read one file of a converted image through its SOCI index",
                "",
                "Finds the topmost layer holding PATH (whiteouts respected), fetches its zTOC and, with HTTP Range"
                        + " requests, only the spans holding the file; each span's digest is checked. The file goes to"
                        + " stdout (or -o); how many bytes were fetched of the layer's size goes to stderr."},
        footer = {"", "IMAGE: the -soci tag, or an image manifest carrying com.amazon.soci.index-digest;",
                "  HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG] or oci-archive:FILE[:TAG]"})
final class GetFileCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The converted image.")
    String image;

    @Parameters(index = "1", paramLabel = "PATH", description = "The file inside the image; a leading / is optional.")
    String path;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Which platform of a multi-platform image.")
    String platform;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the file here instead of stdout.")
    Path output;

    @Mixin
    StoreOptions store;

    GetFileCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        if (platform != null) {
            try {
                Platform.parse(platform);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--platform: " + e.getMessage());
            }
        }
        FileRead read;
        try (LocatedImage located = store.locator().open(store.reference("IMAGE", image), false)) {
            read = OutputFile.write(output, out, to ->
                    new ImageFileReader(located.store()).read(located.reference(), Optional.ofNullable(platform), path, to));
        }
        err.println(read.summary());
        return Main.OK;
    }
}
