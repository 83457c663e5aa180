package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cdk synth} from a fresh checkout deploys what the sources say: in a copy of the repository's files (no
 * {@code target/}, so no jar), the pinned CDK CLI runs the app, which builds the function's jar itself; after a
 * function source changes, the next synth rebuilds it and the function's asset hash changes with it.
 *
 * <p>Part of {@code ./build test} (the two synths took 52 s and 38 s on a loaded 2-core machine): the app builds only
 * the deployment package, not the CLI jar, and skips its own Maven compile when its classes are current; the
 * checkout's {@code npm ci} runs offline from the npm cache, and its builds use the local Maven repository the outer
 * build filled.
 * {@code ./build deploy-check} runs this test alone.
 */
class CdkAppRebuildIT {
    private static final String FUNCTION_JAR = SociIndexBuilderApp.DEFAULT_FUNCTION_JAR;
    private static final String PROBE = "dev/sociindex/lambda/RebuildProbe";

    private final Path repository = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    private Path checkout;

    @BeforeEach
    void freshCheckoutOfTheWorkingTree() throws Exception {
        checkout = Files.createTempDirectory("cdk-fresh-checkout");
        // the files git would check out (tracked and new ones), as they are now; nothing ignored, so no target/
        for (String file : run(repository, List.of("git", "ls-files", "-z", "--cached", "--others",
                "--exclude-standard")).split("\0")) {
            Path source = repository.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue; // deleted but not yet committed
            }
            Path target = checkout.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        run(checkout, List.of("npm", "ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"));
    }

    @AfterEach
    void deleteCheckout() throws Exception {
        run(checkout.getParent(), List.of("rm", "-rf", checkout.toString()));
    }

    @Test
    void synthBuildsTheMissingJarAndRebuildsItAfterAFunctionSourceChanges() throws Exception {
        assertTrue(Files.notExists(checkout.resolve(FUNCTION_JAR)), "a fresh checkout has no jar");

        long start = System.nanoTime();
        synth();
        long firstSynth = System.nanoTime();
        String first = functionAssetHash();
        assertTrue(Files.isRegularFile(checkout.resolve(FUNCTION_JAR)), "the app built " + FUNCTION_JAR);

        Path probe = checkout.resolve("function/src/main/java/" + PROBE + ".java");
        Files.writeString(probe, "package dev.sociindex.lambda;\n\n/** Added by CdkAppRebuildIT. */\n"
                + "final class RebuildProbe {\n}\n", StandardCharsets.UTF_8);
        long beforeSecond = System.nanoTime();
        synth();
        String second = functionAssetHash();
        System.out.printf("fresh checkout: first cdk synth (builds the jar) %.1f s, second (rebuilds it) %.1f s%n",
                (firstSynth - start) / 1e9, (System.nanoTime() - beforeSecond) / 1e9);

        assertNotEquals(first, second, "the function's asset changed with its sources");
        try (ZipFile asset = new ZipFile(checkout.resolve("cdk.out/asset." + second + ".jar").toFile())) {
            assertTrue(asset.getEntry(PROBE + ".class") != null, "the new asset holds the new class");
        }
    }

    private void synth() throws Exception {
        run(checkout, List.of("node_modules/.bin/cdk", "synth", "--quiet"));
    }

    /** The asset hash of the indexer function's code, from the synthesized template's metadata. */
    private String functionAssetHash() throws IOException {
        JsonNode resources = new ObjectMapper().readTree(
                checkout.resolve("cdk.out/" + SociIndexBuilderApp.STACK_NAME + ".template.json").toFile())
                .path("Resources");
        List<String> hashes = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.path("Type").asText().equals("AWS::Lambda::Function")
                    && resource.path("Properties").path("Handler").asText().startsWith("dev.sociindex.lambda.IndexerHandler")) {
                // the asset's S3 key is its content hash plus the file's extension
                hashes.add(resource.path("Properties").path("Code").path("S3Key").asText().replace(".jar", ""));
            }
        });
        assertEquals(1, hashes.size(), "one indexer function: " + hashes);
        return hashes.getFirst();
    }

    private static String run(Path directory, List<String> command) throws Exception {
        Path output = Files.createTempFile("cdk-app-it", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 10 minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " in " + directory + " exited with " + process.exitValue()
                        + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
