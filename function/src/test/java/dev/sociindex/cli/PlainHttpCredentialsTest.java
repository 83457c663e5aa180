package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.reliability.SecretScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic credentials never go over plain HTTP to a host that is not on loopback unless the user says so. The
 * registry (htpasswd auth) runs in a network namespace this test creates, reached over a veth pair on a /30 of its
 * own (10.213.N.1 here, 10.213.N.2 there); nothing else on the network is touched, and both go away afterwards.
 */
class PlainHttpCredentialsTest {
    private static final String PASSWORD = "plain-Secret-1234";

    @TempDir
    static Path work;
    static String namespace;
    static String address;
    static Process registry;

    @BeforeAll
    static void startRegistryInANamespace() throws Exception {
        int n = ThreadLocalRandom.current().nextInt(10, 250);
        namespace = "soci-cli-" + n;
        String outside = "scv" + n + "a";
        String inside = "scv" + n + "b";
        address = "10.213." + n + ".2";
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        run("ip", "link", "set", inside, "netns", namespace);
        run("ip", "addr", "add", "10.213." + n + ".1/30", "dev", outside);
        run("ip", "link", "set", outside, "up");
        run("ip", "netns", "exec", namespace, "ip", "addr", "add", address + "/30", "dev", inside);
        run("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up");
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");

        Files.writeString(work.resolve("htpasswd"), run("htpasswd", "-Bbn", "carol", PASSWORD).strip() + "\n");
        Files.writeString(work.resolve("config.yml"), "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
                + "    rootdirectory: " + work.resolve("storage") + "\nhttp:\n  addr: " + address + ":5000\n"
                + "auth:\n  htpasswd:\n    realm: netns\n    path: " + work.resolve("htpasswd") + "\n");
        registry = new ProcessBuilder("ip", "netns", "exec", namespace, "docker-registry", "serve",
                work.resolve("config.yml").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile()).start();
        Path layout = CliImages.create(work.resolve("layout"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "carol:" + PASSWORD, "oci:" + layout + ":v1",
                        "docker://" + address + ":5000/app:v1");
                break;
            } catch (IllegalStateException notYet) {
                if (Instant.now().isAfter(deadline) || !registry.isAlive()) {
                    throw new IllegalStateException("the registry in " + namespace + " did not come up: "
                            + Files.readString(work.resolve("registry.log")), notYet);
                }
                Thread.sleep(300);
            }
        }
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
        run("ip", "netns", "del", namespace);
    }

    @Test
    void credentialsGoOverPlainHttpToANonLoopbackHostOnlyWhenAllowed() {
        String image = address + ":5000/app:v1";
        List<String> captured = new ArrayList<>();
        Cli.Result refused = Cli.run("convert", "--plain-http", "--retries", "0", "--min-layer-size", CliImages.MIN_LAYER_SIZE,
                "--src-creds", "carol:" + PASSWORD, image);
        captured.add(refused.out() + refused.err());
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("refusing to send credentials for " + address + ":5000 over plain HTTP")
                && refused.err().contains("--send-credentials-over-plain-http"), refused::toString);

        Cli.Result allowed = Cli.run("convert", "--plain-http", "--send-credentials-over-plain-http", "--json",
                "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--src-creds", "carol:" + PASSWORD, image);
        captured.add(allowed.out() + allowed.err());
        assertEquals(0, allowed.exit(), allowed::toString);
        assertTrue(allowed.out().contains("\"status\":\"converted\""), allowed::toString);
        SecretScan.assertClean(captured, "carol", PASSWORD);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root, iproute2, skopeo,"
                    + " htpasswd and docker-registry): " + output);
        }
        return output;
    }
}
