package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function code that {@code cdk synth} really staged, read the way CloudFormation will use it: the cloud assembly
 * (cdk.out/, written by {@code ./build test} before Maven runs) names the stack's template, the template's Lambda
 * function names its handler and its Code asset, and that asset file is opened and checked. The other stack tests
 * synthesize with a placeholder jar; this one sees what would be deployed.
 */
class SynthesizedFunctionAssetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What only the CLI jar carries (function/pom.xml's shade filters for the function jar): code and picocli. */
    private static final List<String> NOT_DEPLOYED = List.of(
            "dev/sociindex/cli/", "dev/sociindex/bench/", "dev/sociindex/demo/", "dev/sociindex/lambda/local/",
            "picocli/");
    /** The packages the function runs on: the engine, stores, registry client, flows, AWS adapters, Lambda. */
    private static final List<String> DEPLOYED = List.of("bytes", "files", "oci", "gzip", "tar", "ztoc", "layer",
            "index", "store", "registry", "convert", "verify", "cache", "backfill", "report", "aws", "lambda",
            "contract");

    private static Path root;
    private static Path cloudAssembly;
    private static List<SynthesizedFunction> functions;

    /** One Java function of the template: its logical id, handler and the asset file its Code points at. */
    private record SynthesizedFunction(String logicalId, String handler, Path asset) {
        String handlerClass() {
            return handler.substring(0, handler.indexOf("::"));
        }

        String handlerMethod() {
            return handler.substring(handler.indexOf("::") + 2);
        }
    }

    @BeforeAll
    static void readCloudAssembly() throws IOException {
        root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
        cloudAssembly = root.resolve("cdk.out");
        Path manifest = cloudAssembly.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            fail("no cloud assembly at " + manifest + ": ./build test runs `node_modules/.bin/cdk synth` before Maven;"
                    + " run it (after ./build jar) before running the infra tests alone");
        }
        functions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> artifact : JSON.readTree(manifest.toFile()).path("artifacts").properties()) {
            if (artifact.getValue().path("type").asText().equals("aws:cloudformation:stack")) {
                Path template = cloudAssembly.resolve(artifact.getValue().path("properties").path("templateFile").asText());
                functions.addAll(javaFunctions(template, fileAssets()));
            }
        }
        assertFalse(functions.isEmpty(), "the synthesized stacks in " + cloudAssembly + " hold no Java Lambda function");
    }

    @Test
    void functionAssetHoldsNoCliBenchDemoLocalInvocationOrPicocliClass() throws IOException {
        for (SynthesizedFunction function : functions) {
            List<String> strays = new ArrayList<>();
            try (ZipFile jar = new ZipFile(function.asset().toFile())) {
                jar.stream().map(ZipEntry::getName)
                        .filter(name -> !name.endsWith("/") && NOT_DEPLOYED.stream().anyMatch(name::startsWith))
                        .forEach(strays::add);
            }
            assertEquals(List.of(), strays, function.logicalId() + "'s code " + function.asset().getFileName()
                    + " carries classes that only the CLI jar should have");
        }
    }

    @Test
    void functionAssetHoldsTheHandlerTheTemplateNamesAndTheDeployedPackages() throws Exception {
        for (SynthesizedFunction function : functions) {
            Set<String> packages = new TreeSet<>();
            try (ZipFile jar = new ZipFile(function.asset().toFile())) {
                String handlerEntry = function.handlerClass().replace('.', '/') + ".class";
                assertTrue(jar.getEntry(handlerEntry) != null,
                        function.asset() + " has no " + handlerEntry + ", the handler of " + function.logicalId());
                jar.stream().map(ZipEntry::getName)
                        .filter(name -> name.startsWith("dev/sociindex/") && name.endsWith(".class"))
                        .map(name -> name.substring("dev/sociindex/".length(), name.lastIndexOf('/')))
                        .forEach(packages::add);
            }
            assertTrue(packages.containsAll(DEPLOYED), function.asset().getFileName() + " misses packages: has "
                    + packages);
            // The handler must resolve from the asset alone, with its runtime types (Lambda Context, Jackson, ...).
            try (URLClassLoader loader = new URLClassLoader(new URL[] {function.asset().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(function.handlerClass(), false, loader);
                List<String> methods = Arrays.stream(handler.getMethods()).map(Method::getName).toList();
                assertTrue(methods.contains(function.handlerMethod()),
                        function.handler() + ": no public method " + function.handlerMethod() + " in " + methods);
            }
        }
    }

    @Test
    void functionAssetIsTheJarThisBuildMade() throws IOException {
        // A cloud assembly left from an older build would make the checks above test yesterday's jar.
        Path jar = root.resolve(SociIndexBuilderApp.DEFAULT_FUNCTION_JAR);
        assertTrue(Files.isRegularFile(jar), jar + " is missing: ./build test builds it before synthesizing");
        for (SynthesizedFunction function : functions) {
            assertEquals(entryNames(jar), entryNames(function.asset()), function.asset() + " does not hold the same"
                    + " entries as " + jar + ": cdk.out is stale, run `node_modules/.bin/cdk synth` again");
        }
    }

    private static Set<String> entryNames(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Asset object key to the staged file, from every *.assets.json of the assembly. */
    private static Map<String, Path> fileAssets() throws IOException {
        Map<String, Path> byObjectKey = new HashMap<>();
        try (var files = Files.list(cloudAssembly)) {
            for (Path assets : files.filter(p -> p.getFileName().toString().endsWith(".assets.json")).toList()) {
                for (JsonNode asset : JSON.readTree(assets.toFile()).path("files")) {
                    Path source = cloudAssembly.resolve(asset.path("source").path("path").asText());
                    for (JsonNode destination : asset.path("destinations")) {
                        byObjectKey.put(destination.path("objectKey").asText(), source);
                    }
                }
            }
        }
        return byObjectKey;
    }

    private static List<SynthesizedFunction> javaFunctions(Path template, Map<String, Path> assets) throws IOException {
        List<SynthesizedFunction> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : JSON.readTree(template.toFile()).path("Resources").properties()) {
            JsonNode properties = resource.getValue().path("Properties");
            if (!resource.getValue().path("Type").asText().equals("AWS::Lambda::Function")
                    || !properties.path("Runtime").asText().startsWith("java")) {
                continue;
            }
            String id = resource.getKey();
            String handler = properties.path("Handler").asText();
            assertTrue(handler.contains("::"), id + ": handler '" + handler + "' is not Class::method");
            // The template's S3 key and the asset metadata must name the same staged file.
            String key = properties.path("Code").path("S3Key").asText();
            Path asset = assets.get(key);
            assertTrue(asset != null, id + "'s Code.S3Key " + key + " is no file asset of " + cloudAssembly);
            JsonNode metadata = resource.getValue().path("Metadata");
            assertEquals("Code", metadata.path("aws:asset:property").asText(), id + ": asset property");
            assertEquals(asset, cloudAssembly.resolve(metadata.path("aws:asset:path").asText()), id + ": asset path");
            assertTrue(Files.isRegularFile(asset), id + "'s code " + asset + " is not a staged jar file");
            found.add(new SynthesizedFunction(id, handler, asset));
        }
        return found;
    }
}
