package dev.sociindex.cli;

import dev.sociindex.verify.FileRead;
import dev.sociindex.verify.ZtocFileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ztoc get-file}: one file of a layer file, read through its zTOC from only the spans that hold it. */
@Command(name = "get-file", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"read one file of a layer through its zTOC",
                "",
                "Decodes only the spans that hold PATH, starting from their checkpoints, after checking each span's"
                        + " digest. The file goes to stdout (or -o); what it took goes to stderr."})
final class ZtocGetFileCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(index = "0", paramLabel = "ZTOC_FILE", description = "The layer's zTOC (ztoc build's output).")
    Path ztocFile;

    @Parameters(index = "1", paramLabel = "LAYER_FILE", description = "The layer blob the zTOC was built from.")
    Path layerFile;

    @Parameters(index = "2", paramLabel = "PATH", description = "The file inside the layer; a leading / is optional.")
    String path;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the file here instead of stdout.")
    Path output;

    ZtocGetFileCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        for (Path file : new Path[] {ztocFile, layerFile}) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": no such file");
            }
        }
        FileRead read = OutputFile.write(output, out, to -> ZtocFileReader.read(ztocFile, layerFile, path, to));
        err.println(read.summary());
        return Main.OK;
    }
}
