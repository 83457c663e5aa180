package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry serving HTTPS with a certificate from a private CA (made with openssl), named registry.test: a
 * child JVM resolves that name to 127.0.0.1 from a hosts file (jdk.net.hosts.file), so no DNS server is asked.
 */
class TlsOptionsTest {
    @TempDir
    static Path work;
    static Process registry;
    static int port;

    @BeforeAll
    static void startTlsRegistry() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test CA",
                "-keyout", work.resolve("ca.key").toString(), "-out", work.resolve("ca.pem").toString());
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=registry.test",
                "-keyout", work.resolve("server.key").toString(), "-out", work.resolve("server.csr").toString());
        Files.writeString(work.resolve("san.ext"), "subjectAltName=DNS:registry.test\n");
        run("openssl", "x509", "-req", "-in", work.resolve("server.csr").toString(), "-CA", work.resolve("ca.pem").toString(),
                "-CAkey", work.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile",
                work.resolve("san.ext").toString(), "-out", work.resolve("server.pem").toString());
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(work.resolve("config.yml"), "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
                + "    rootdirectory: " + work.resolve("storage") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n  tls:\n"
                + "    certificate: " + work.resolve("server.pem") + "\n    key: " + work.resolve("server.key") + "\n");
        registry = new ProcessBuilder("docker-registry", "serve", work.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("registry.log").toFile()).start();
        Path layout = CliImages.create(work.resolve("layout"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":v1",
                        "docker://127.0.0.1:" + port + "/app:v1");
                break;
            } catch (IllegalStateException notYet) {
                if (Instant.now().isAfter(deadline) || !registry.isAlive()) {
                    throw notYet;
                }
                Thread.sleep(300);
            }
        }
        Files.writeString(work.resolve("hosts"), "127.0.0.1 registry.test\n");
    }

    @AfterAll
    static void stop() throws Exception {
        registry.destroy();
        registry.waitFor(10, TimeUnit.SECONDS);
    }

    private static Cli.Result convert(String tag, String... options) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("convert", "--json", "--retries", "0", "--min-layer-size",
                CliImages.MIN_LAYER_SIZE, "--output-tag", tag));
        argv.addAll(List.of(options));
        argv.add("registry.test:" + port + "/app:v1");
        ChildCli.Child child = ChildCli.start(Map.of(), List.of("-Djdk.net.hosts.file=" + work.resolve("hosts")),
                argv.toArray(String[]::new));
        child.process().getOutputStream().close();
        return child.await();
    }

    @Test
    void anUntrustedCertificateFailsNamingTheOptionsThatHelp() throws Exception {
        Cli.Result result = convert("untrusted");
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.err().contains("the TLS certificate of registry.test:" + port + " is not trusted")
                && result.err().contains("--src-ca-bundle"), result::toString);
    }

    @Test
    void aCaBundleOrTlsVerifyFalseMakesItWork() throws Exception {
        Cli.Result bundle = convert("with-ca", "--src-ca-bundle", work.resolve("ca.pem").toString());
        assertEquals(0, bundle.exit(), bundle::toString);
        assertTrue(bundle.out().contains("\"status\":\"converted\""), bundle::toString);
        Cli.Result insecure = convert("insecure", "--tls-verify=false");
        assertEquals(0, insecure.exit(), insecure::toString);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
