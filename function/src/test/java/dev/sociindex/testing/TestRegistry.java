package dev.sociindex.testing;

import dev.sociindex.files.FileTrees;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real CNCF distribution registry (Debian's {@code docker-registry}) on 127.0.0.1, a free port and a temporary
 * storage folder; anonymous or with htpasswd (bcrypt, made by {@code htpasswd -Bbn}) basic auth, the scheme ECR
 * uses. {@link #restart()} keeps port, storage and the upload-state secret, so upload sessions survive it.
 */
public final class TestRegistry implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

    /** The image formats {@link #push} can produce with skopeo. */
    public enum ImageFormat {
        /** The layout's own (OCI) media types. */
        OCI,
        /** Docker v2 schema 2 media types ({@code skopeo copy --format v2s2}). */
        DOCKER_V2S2
    }

    private final Path workDir;
    private final Path config;
    private final Path log;
    private final int port;
    private final Optional<Credentials> basicAuth;
    private Process process;

    private TestRegistry(Path workDir, int port, Optional<Credentials> basicAuth) throws IOException {
        this.workDir = workDir;
        this.port = port;
        this.basicAuth = basicAuth;
        this.config = workDir.resolve("config.yml");
        this.log = workDir.resolve("registry.log");
        Files.writeString(config, configYaml(), StandardCharsets.UTF_8);
    }

    /** An anonymous registry. */
    public static TestRegistry start() throws IOException {
        return launch(Optional.empty());
    }

    /** A registry that requires these credentials (HTTP Basic, htpasswd with bcrypt). */
    public static TestRegistry startWithBasicAuth(String username, String password) throws IOException {
        return launch(Optional.of(new Credentials(username, password)));
    }

    private static TestRegistry launch(Optional<Credentials> basicAuth) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the registry tests need the Debian package"
                    + " docker-registry (apt-get install -y docker-registry)");
        }
        Path workDir = Files.createTempDirectory("test-registry");
        if (basicAuth.isPresent()) {
            String line = OciCommands.run(List.of("htpasswd", "-Bbn", basicAuth.get().username(),
                    basicAuth.get().password()));
            Files.writeString(workDir.resolve("htpasswd"), line.strip() + "\n", StandardCharsets.UTF_8);
        }
        TestRegistry registry = new TestRegistry(workDir, freePort(), basicAuth);
        try {
            registry.startProcess();
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public RegistryEndpoint endpoint() {
        return RegistryEndpoint.forHost(host(), false);
    }

    /** The credentials the registry requires, or anonymous. */
    public CredentialsProvider credentials() {
        return host -> basicAuth;
    }

    /** A store for one repository with the right credentials and the given settings. */
    public RegistryImageStore repository(String name, RegistrySettings settings) {
        return RegistryImageStore.connect(endpoint(), name, credentials(), settings);
    }

    public RegistryImageStore repository(String name) {
        return repository(name, RegistrySettings.defaults());
    }

    /** Stops the registry; the port stays reserved for {@link #restart()} in the sense that nothing else uses it. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts the registry again on the same port with the same storage. */
    public void restart() throws IOException {
        stop();
        startProcess();
    }

    /**
     * Copies image {@code layoutTag} of an OCI layout into repository {@code repository:tag} with skopeo.
     *
     * @param compressFormat e.g. {@code zstd} or {@code gzip} to recompress layers ({@code --dest-compress-format});
     *                       empty keeps the layout's layers as they are
     */
    public void push(Path layout, String layoutTag, String repository, String tag, ImageFormat format,
                     Optional<String> compressFormat) throws IOException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--dest-tls-verify=false"));
        basicAuth.ifPresent(c -> command.addAll(List.of("--dest-creds", c.username() + ":" + c.password())));
        if (format == ImageFormat.DOCKER_V2S2) {
            command.addAll(List.of("--format", "v2s2"));
        }
        compressFormat.ifPresent(f -> command.addAll(List.of("--dest-compress-format", f)));
        command.add("oci:" + layout + ":" + layoutTag);
        command.add("docker://" + host() + "/" + repository + ":" + tag);
        OciCommands.run(command);
    }

    public void push(Path layout, String layoutTag, String repository, String tag) throws IOException {
        push(layout, layoutTag, repository, tag, ImageFormat.OCI, Optional.empty());
    }

    @Override
    public void close() throws IOException {
        stop();
        FileTrees.deleteTree(workDir);
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        URI probe = URI.create("http://" + host() + "/v2/");
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry exited with " + process.exitValue()
                            + " during startup:\n" + logText());
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("docker-registry did not answer " + probe + " within "
                            + STARTUP_LIMIT + ":\n" + logText());
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for docker-registry", e);
        }
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String configYaml() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("version: 0.1\n");
        yaml.append("log:\n  level: warn\n");
        yaml.append("storage:\n");
        yaml.append("  filesystem:\n    rootdirectory: ").append(workDir.resolve("storage")).append('\n');
        yaml.append("  delete:\n    enabled: true\n");
        yaml.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        // a fixed secret: upload sessions are signed with it and must stay valid across restart()
        yaml.append("  secret: test-registry-upload-state-secret\n");
        if (basicAuth.isPresent()) {
            yaml.append("auth:\n  htpasswd:\n    realm: test-registry\n    path: ")
                    .append(workDir.resolve("htpasswd")).append('\n');
        }
        return yaml.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
