package dev.sociindex.bench;

import dev.sociindex.files.FileTrees;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * The real CNCF distribution registry ({@code docker-registry}) on 127.0.0.1, anonymous, with its storage in a
 * temporary folder that is deleted on close. Main code cannot use the tests' {@code TestRegistry}, so this repeats
 * its start-up (config file, free port, wait for {@code /v2/}) without the test-only features (auth, restart, push).
 */
final class LocalRegistry implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

    private final Path folder;
    private final int port;
    private final Process process;

    private LocalRegistry(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    static LocalRegistry start(Path parent) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the image bench needs the Debian package docker-registry"
                    + " (apt-get install -y docker-registry)");
        }
        Files.createDirectories(parent);
        Path folder = Files.createTempDirectory(parent, "registry-");
        int port = freePort();
        Path config = folder.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(folder.resolve("storage"), port), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("registry.log").toFile()))
                .start();
        LocalRegistry registry = new LocalRegistry(folder, port, process);
        try {
            registry.awaitReady();
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    RegistryImageStore repository(String name) {
        return RegistryImageStore.connect(RegistryEndpoint.forHost(host(), false), name, CredentialsProvider.anonymous());
    }

    /** Stops the registry and deletes its storage. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        FileTrees.deleteTree(folder);
    }

    private void awaitReady() throws IOException {
        URI probe = URI.create("http://" + host() + "/v2/");
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry exited with " + process.exitValue() + " during startup: "
                            + Files.readString(folder.resolve("registry.log")));
                }
                try {
                    if (http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("docker-registry did not answer " + probe + " within " + STARTUP_LIMIT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for docker-registry", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
