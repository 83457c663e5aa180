package dev.sociindex.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registry credentials as Docker, podman and skopeo keep them: a JSON auth file with {@code credHelpers} (a
 * credential helper per host), {@code credsStore} (one helper for every host) and {@code auths} (base64
 * {@code user:password} per host), consulted in that order for each host. Which files, and in which order, is
 * {@link #defaultFiles}; a missing file means no credentials. Keys may be written as {@code host[:port]}, {@code https://host[:port]/...} or Docker
 * Hub's {@code https://index.docker.io/v1/}.
 */
public final class DockerConfigCredentials implements CredentialsProvider {
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final CredentialHelpers helpers;
    private volatile Optional<JsonNode> config;

    public DockerConfigCredentials(Path file, CredentialHelpers helpers) {
        this.file = file;
        this.helpers = helpers;
    }

    /**
     * The auth files the environment names, in the order podman and skopeo read them (Docker reads only the last):
     * {@code $REGISTRY_AUTH_FILE}, else {@code $XDG_RUNTIME_DIR/containers/auth.json} (where {@code podman login}
     * and {@code buildah login} write); then {@code ${XDG_CONFIG_HOME:-$HOME/.config}/containers/auth.json}; then
     * {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json} ({@code docker login}). The first
     * file with an entry for a host answers for it.
     */
    public static List<Path> defaultFiles(Map<String, String> env) {
        Path home = Path.of(set(env, "HOME").orElse(System.getProperty("user.home")));
        List<Path> files = new ArrayList<>();
        set(env, "REGISTRY_AUTH_FILE").map(Path::of)
                .or(() -> set(env, "XDG_RUNTIME_DIR").map(dir -> Path.of(dir, "containers", "auth.json")))
                .ifPresent(files::add);
        files.add(set(env, "XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config")).resolve("containers").resolve("auth.json"));
        files.add(set(env, "DOCKER_CONFIG").map(dir -> Path.of(dir, "config.json")).orElse(home.resolve(".docker").resolve("config.json")));
        return files.stream().distinct().toList();
    }

    private static Optional<String> set(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<Credentials> credentialsFor(String registryHost) throws IOException {
        if (config().isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = config().get();
        String host = normalize(registryHost);
        String helper = entry(root.path("credHelpers"), host).map(JsonNode::asText).orElse(null);
        if (helper != null && !helper.isBlank()) {
            return helpers.get(helper, registryHost);
        }
        String store = root.path("credsStore").asText("");
        if (!store.isBlank()) {
            Optional<Credentials> stored = helpers.get(store, registryHost);
            if (stored.isPresent()) {
                return stored;
            }
        }
        Optional<JsonNode> auth = entry(root.path("auths"), host);
        return auth.isPresent() ? decode(auth.get(), registryHost) : Optional.empty();
    }

    /** The parsed file, read once; empty when there is no file. */
    private Optional<JsonNode> config() throws IOException {
        Optional<JsonNode> loaded = config;
        if (loaded == null) {
            loaded = Files.isRegularFile(file) ? Optional.of(read()) : Optional.empty();
            config = loaded;
        }
        return loaded;
    }

    private JsonNode read() throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            // Jackson's message quotes the text around the error, which may be a password: say only where
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null
                    ? " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")" : "";
            throw new IOException(file + " is not a valid registry auth file: not JSON" + where, e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a valid registry auth file: not a JSON object");
        }
        return root;
    }

    /** The entry for {@code host} among keys written in any of the usual forms. */
    private static Optional<JsonNode> entry(JsonNode map, String host) {
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (normalize(field.getKey()).equals(host)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code https://Index.Docker.io/v1/} and {@code docker.io} both become {@code docker.io}. */
    static String normalize(String key) {
        String host = key.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.replaceFirst(":443$", "");
        return DOCKER_HUB.contains(host) ? "docker.io" : host;
    }

    private Optional<Credentials> decode(JsonNode auth, String host) throws IOException {
        String identityToken = auth.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(identityToken));
        }
        String encoded = auth.path("auth").asText("");
        if (!encoded.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the auths entry for " + host + " is not valid base64", e);
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IOException(file + ": the auths entry for " + host + " does not decode to user:password");
            }
            return Optional.of(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
        }
        String user = auth.path("username").asText("");
        String password = auth.path("password").asText("");
        return user.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, password));
    }
}
