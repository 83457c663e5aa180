package dev.sociindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads manifests and blobs straight from where the CLI wrote them (an OCI layout's files, or the registry's HTTP
 * API), without the engine's own store classes, so tests check the CLI's claims independently.
 */
interface StoredImage {
    ObjectMapper JSON = new ObjectMapper();
    String ACCEPT = "application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json";

    /** The manifest bytes under a tag or digest, or empty when there is none. */
    Optional<byte[]> manifest(String reference) throws IOException, InterruptedException;

    byte[] blob(String digest) throws IOException, InterruptedException;

    default JsonNode manifestJson(String reference) throws IOException, InterruptedException {
        return JSON.readTree(manifest(reference).orElseThrow(() -> new AssertionError("no manifest " + reference)));
    }

    default String manifestDigest(String reference) throws IOException, InterruptedException {
        return sha256(manifest(reference).orElseThrow(() -> new AssertionError("no manifest " + reference)));
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OCI image layout folder: tags from {@code index.json}, everything else from {@code blobs/}. */
    static StoredImage layout(Path dir) {
        return new StoredImage() {
            @Override
            public Optional<byte[]> manifest(String reference) throws IOException {
                if (reference.startsWith("sha256:")) {
                    return Optional.of(blob(reference));
                }
                for (JsonNode entry : JSON.readTree(dir.resolve("index.json").toFile()).get("manifests")) {
                    JsonNode name = entry.path("annotations").get("org.opencontainers.image.ref.name");
                    if (name != null && name.asText().equals(reference)) {
                        return Optional.of(blob(entry.get("digest").asText()));
                    }
                }
                return Optional.empty();
            }

            @Override
            public byte[] blob(String digest) throws IOException {
                return Files.readAllBytes(dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
            }
        };
    }

    /** A repository of an anonymous registry on loopback, over plain HTTP. */
    static StoredImage registry(String host, String repository) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        return new StoredImage() {
            @Override
            public Optional<byte[]> manifest(String reference) throws IOException, InterruptedException {
                HttpResponse<byte[]> response = get("manifests/" + reference);
                return response.statusCode() == 404 ? Optional.empty() : Optional.of(ok(response).body());
            }

            @Override
            public byte[] blob(String digest) throws IOException, InterruptedException {
                return ok(get("blobs/" + digest)).body();
            }

            private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
                URI uri = URI.create("http://" + host + "/v2/" + repository + "/" + path);
                return http.send(HttpRequest.newBuilder(uri).header("Accept", ACCEPT).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            }

            private static HttpResponse<byte[]> ok(HttpResponse<byte[]> response) {
                if (response.statusCode() != 200) {
                    throw new AssertionError(response.uri() + " answered " + response.statusCode());
                }
                return response;
            }
        };
    }
}
