package dev.sociindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sociindex.oci.Digests;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ztoc info}: a zTOC file as JSON. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "print a zTOC as JSON")
final class ZtocInfoCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(paramLabel = "FILE", description = "A zTOC file (ztoc build's output).")
    Path file;

    ZtocInfoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
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
