package dev.sociindex.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The indexer function as {@code cdk synth} wrote it to {@code cdk.out}: its code asset (the file CDK uploads), its
 * handler string, timeout, memory and environment. {@code {"Ref": ...}} values name other resources of the template;
 * {@link #environment} resolves them with the caller's stand-ins, by resource type.
 */
record SynthesizedFunction(Path asset, String handler, Duration timeout, int memoryMb, Map<String, JsonNode> variables,
                           Map<String, String> resourceTypes) {
    private static final String STACK = "SociIndexBuilder";

    /** Reads {@code cdk.out} at the repository root; fails with what to run when it is missing. */
    static SynthesizedFunction fromCdkOut() throws IOException {
        return fromCdkOut(IndexerHandler.class);
    }

    /** The function of the template whose handler is {@code handler}'s {@code handleRequest}. */
    static SynthesizedFunction fromCdkOut(Class<?> handler) throws IOException {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path cdkOut = module.resolveSibling("cdk.out");
        Path template = cdkOut.resolve(STACK + ".template.json");
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException(template + " is missing: the runtime test runs the synthesized stack's"
                    + " asset; run `./build test` (it synthesizes first) or `npx cdk synth` at the repository root");
        }
        JsonNode resources = new ObjectMapper().readTree(template.toFile()).path("Resources");
        Map<String, String> types = new LinkedHashMap<>();
        resources.properties().forEach(e -> types.put(e.getKey(), e.getValue().path("Type").asText()));
        for (var entry : resources.properties()) {
            JsonNode resource = entry.getValue();
            JsonNode properties = resource.path("Properties");
            if (resource.path("Type").asText().equals("AWS::Lambda::Function")
                    && properties.path("Handler").asText().startsWith(handler.getName() + "::")) {
                Path asset = cdkOut.resolve(resource.path("Metadata").path("aws:asset:path").asText());
                if (!Files.isRegularFile(asset)) {
                    throw new IllegalStateException("function " + entry.getKey() + " names asset " + asset
                            + ", which is not a file in " + cdkOut);
                }
                Map<String, JsonNode> variables = new LinkedHashMap<>();
                properties.path("Environment").path("Variables").properties()
                        .forEach(v -> variables.put(v.getKey(), v.getValue()));
                return new SynthesizedFunction(asset, properties.path("Handler").asText(),
                        Duration.ofSeconds(properties.path("Timeout").asLong(3)),
                        properties.path("MemorySize").asInt(128), variables, types);
            }
        }
        throw new IllegalStateException(template + " has no AWS::Lambda::Function with handler "
                + handler.getName());
    }

    /**
     * The function's variables with each {@code {"Ref": id}} replaced by {@code standIns} applied to the referenced
     * resource's type (e.g. {@code AWS::SQS::Queue} to a local queue URL); a type without a stand-in fails.
     */
    Map<String, String> environment(Function<String, String> standIns) {
        Map<String, String> environment = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (value.isTextual()) {
                environment.put(name, value.asText());
                return;
            }
            String ref = value.path("Ref").asText("");
            String type = resourceTypes.get(ref);
            String standIn = type == null ? null : standIns.apply(type);
            if (standIn == null) {
                throw new IllegalStateException("variable " + name + " is " + value + ": no local stand-in for "
                        + (type == null ? "that value" : type));
            }
            environment.put(name, standIn);
        });
        return environment;
    }
}
