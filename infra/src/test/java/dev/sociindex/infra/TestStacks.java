package dev.sociindex.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/** Builds the stack the way the app does, with a tiny stand-in for the function's jar (synthesis only stages it). */
final class TestStacks {
    private TestStacks() {
    }

    static SociIndexBuilderStack synthesizable(IndexerSettings settings, Path tempDir) {
        App app = new App();
        SociIndexBuilderStack stack = new SociIndexBuilderStack(app, "TestStack", StackProps.builder().build(),
                new SociIndexBuilderProps(settings, functionZip(tempDir)));
        // logIgnores turns each applied suppression into an info message, so tests can see the checks ran.
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().logIgnores(true).build()));
        return stack;
    }

    static Path functionZip(Path tempDir) {
        Path zip = tempDir.resolve("function.zip");
        if (Files.exists(zip)) {
            return zip;
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry("placeholder.txt"));
            entries.write("stands in for soci-index-builder-function.jar\n".getBytes(StandardCharsets.UTF_8));
            entries.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }
}
