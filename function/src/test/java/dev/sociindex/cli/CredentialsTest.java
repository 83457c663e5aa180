package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.reliability.SecretScan;
import dev.sociindex.bench.LocalRegistry;
import dev.sociindex.testing.AwsJsonServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials per host, as Docker and skopeo users keep them, against two real registries with htpasswd auth
 * (different users), each image converted from one to the other.
 */
class CredentialsTest {
    private static final String PASSWORD_A = "pa-Secret-4711";
    private static final String PASSWORD_B = "pb-Secret-0815";

    @TempDir
    static Path work;
    static Path layout;
    static LocalRegistry a;
    static LocalRegistry b;
    static final List<String> captured = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        layout = CliImages.create(work.resolve("layout"));
        a = LocalRegistry.startWithBasicAuth("alice", PASSWORD_A);
        b = LocalRegistry.startWithBasicAuth("bob", PASSWORD_B);
        a.push(layout, "v1", "app", "v1");
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        SecretScan.assertClean(captured, "alice", PASSWORD_A);
        SecretScan.assertClean(captured, "bob", PASSWORD_B);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Path config(String name, String json) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    private static Cli.Result captured(Cli.Result result) {
        captured.add(result.out());
        captured.add(result.err());
        return result;
    }

    private static String[] convert(String tag, String... options) {
        List<String> argv = new ArrayList<>(List.of("convert", "--min-layer-size", CliImages.MIN_LAYER_SIZE, "--json",
                "--to", b.host() + "/app:" + tag));
        argv.addAll(List.of(options));
        argv.add(a.host() + "/app:v1");
        return argv.toArray(String[]::new);
    }

    private static void assertConverted(Cli.Result result) {
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("\"status\":\"converted\"") || result.out().contains("\"status\":\"already-converted\""),
                result::toString);
    }

    @Test
    void aDockerConfigWithAuthsForBothHostsIsEnoughAndDockerConfigAndRegistryAuthFileAreHonoured() throws Exception {
        String auths = "{\"auths\":{\"" + a.host() + "\":{\"auth\":\"" + basic("alice", PASSWORD_A) + "\"},"
                + "\"http://" + b.host() + "/v2/\":{\"auth\":\"" + basic("bob", PASSWORD_B) + "\"}}}";
        Path dir = config("docker-config", auths);
        assertConverted(captured(ChildCli.run(Map.of("DOCKER_CONFIG", dir.toString()), null, convert("auths"))));
        assertConverted(captured(ChildCli.run(Map.of("REGISTRY_AUTH_FILE", dir.resolve("config.json").toString(),
                "DOCKER_CONFIG", work.resolve("nowhere").toString()), null, convert("auth-file"))));
        assertConverted(captured(Cli.run(convert("authfile-option", "--authfile", dir.resolve("config.json").toString()))));

        Cli.Result anonymous = captured(ChildCli.run(Map.of("DOCKER_CONFIG", work.resolve("nowhere").toString()), null,
                convert("none", "--retries", "0")));
        assertEquals(1, anonymous.exit(), anonymous::toString);
        assertTrue(anonymous.err().contains(a.host()) && anonymous.err().contains("401"), anonymous::toString);
    }

    /**
     * {@code podman login} writes to {@code $XDG_RUNTIME_DIR/containers/auth.json}, {@code docker login} to
     * {@code ~/.docker/config.json}: a CI job that logged in to one registry with each finds both, and the podman
     * file is asked first (a wrong password for a host there wins over a right one in Docker's file, as in skopeo).
     */
    @Test
    void podmanAndDockerLoginsAreReadTogetherPodmanFirst() throws Exception {
        Path runtime = Files.createDirectories(work.resolve("xdg-runtime").resolve("containers"));
        Files.writeString(runtime.resolve("auth.json"),
                "{\"auths\":{\"" + a.host() + "\":{\"auth\":\"" + basic("alice", PASSWORD_A) + "\"}}}");
        Path docker = config("docker-for-b", "{\"auths\":{\"" + b.host() + "\":{\"auth\":\"" + basic("bob", PASSWORD_B) + "\"}}}");
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.getParent().toString(), "DOCKER_CONFIG", docker.toString());
        assertConverted(captured(ChildCli.run(env, null, convert("podman-and-docker"))));

        Path home = Files.createDirectories(work.resolve("home"));
        Path config = Files.createDirectories(home.resolve(".config").resolve("containers"));
        Files.writeString(config.resolve("auth.json"), "{\"auths\":{\"" + a.host() + "\":{\"auth\":\""
                + basic("alice", PASSWORD_A) + "\"},\"" + b.host() + "\":{\"auth\":\"" + basic("bob", PASSWORD_B) + "\"}}}");
        assertConverted(captured(ChildCli.run(Map.of("HOME", home.toString()), null, convert("xdg-config"))));

        Files.writeString(runtime.resolve("auth.json"),
                "{\"auths\":{\"" + b.host() + "\":{\"auth\":\"" + basic("bob", "not-" + PASSWORD_B) + "\"}}}");
        Path dockerForBoth = config("docker-for-both", "{\"auths\":{\"" + a.host() + "\":{\"auth\":\"" + basic("alice", PASSWORD_A)
                + "\"},\"" + b.host() + "\":{\"auth\":\"" + basic("bob", PASSWORD_B) + "\"}}}");
        Cli.Result wrongFirst = captured(ChildCli.run(Map.of("XDG_RUNTIME_DIR", runtime.getParent().toString(),
                "DOCKER_CONFIG", dockerForBoth.toString()), null, convert("podman-first", "--retries", "0")));
        assertEquals(1, wrongFirst.exit(), wrongFirst::toString);
        assertTrue(wrongFirst.err().contains(b.host()) && wrongFirst.err().contains("401"), wrongFirst::toString);
    }

    @Test
    void credentialHelpersOnPathAnswerPerHostAndComeBeforeAuths() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        // a helper that knows only registry a, speaking the credential-helper protocol
        Path helper = bin.resolve("docker-credential-soci-test");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread host\n"
                + "if [ \"$host\" = \"" + a.host() + "\" ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"alice\",\"Secret\":\"" + PASSWORD_A + "\"}' \"$host\"\n"
                + "else\n  echo 'credentials not found in native keychain'; exit 1\nfi\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));

        // credHelpers for a wins over a wrong auths entry for a; b comes from auths
        Path helpers = config("helpers", "{\"credHelpers\":{\"" + a.host() + "\":\"soci-test\"},\"auths\":{\""
                + a.host() + "\":{\"auth\":\"" + basic("alice", "wrong") + "\"},\"" + b.host() + "\":{\"auth\":\""
                + basic("bob", PASSWORD_B) + "\"}}}");
        assertConverted(captured(ChildCli.run(with(path, "DOCKER_CONFIG", helpers.toString()), null, convert("helpers"))));

        // credsStore for every host: it knows a, says "not found" for b, whose auths entry then applies
        Path store = config("store", "{\"credsStore\":\"soci-test\",\"auths\":{\"" + b.host() + "\":{\"auth\":\""
                + basic("bob", PASSWORD_B) + "\"}}}");
        assertConverted(captured(ChildCli.run(with(path, "DOCKER_CONFIG", store.toString()), null, convert("store"))));
    }

    @Test
    void explicitCredentialsPerSideComeFirstAndAPasswordCanComeFromStdin() throws Exception {
        Path wrong = config("wrong", "{\"auths\":{\"" + a.host() + "\":{\"auth\":\"" + basic("alice", "wrong") + "\"},\""
                + b.host() + "\":{\"auth\":\"" + basic("bob", "wrong") + "\"}}}");
        assertConverted(captured(Cli.run(convert("flags", "--authfile", wrong.resolve("config.json").toString(),
                "--src-creds", "alice:" + PASSWORD_A, "--dest-creds", "bob:" + PASSWORD_B))));
        assertConverted(captured(ChildCli.run(Map.of("DOCKER_CONFIG", wrong.toString()), PASSWORD_B + "\n",
                convert("stdin", "--user", "alice:" + PASSWORD_A, "--dest-creds", "bob", "--password-stdin"))));

        // the same credentials offered to both hosts fail on the one they are not for, naming it
        Cli.Result mixed = captured(Cli.run(convert("mixed", "--retries", "0", "--authfile", wrong.resolve("config.json").toString(),
                "--src-creds", "alice:" + PASSWORD_A, "--dest-creds", "alice:" + PASSWORD_A)));
        assertEquals(1, mixed.exit(), mixed::toString);
        assertTrue(mixed.err().contains("rejected the credentials for " + b.host()), mixed::toString);

        Cli.Result noPassword = captured(Cli.run(convert("np", "--src-creds", "alice")));
        assertEquals(2, noPassword.exit(), noPassword::toString);
        assertTrue(noPassword.err().contains("--src-creds alice has no password"), noPassword::toString);
    }

    /**
     * ECR login without any credential given: the SDK's default chain (environment keys here), GetAuthorizationToken
     * at AWS_ENDPOINT_URL_ECR (a local endpoint speaking ECR's JSON protocol), and the ECR host's requests sent to the
     * local registry b (user AWS) with --registry-endpoint.
     */
    @Test
    void ecrHostsLogInAutomaticallyWithTheAwsDefaultChain() throws Exception {
        String ecrHost = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
        try (LocalRegistry ecr = LocalRegistry.startWithBasicAuth("AWS", PASSWORD_B)) {
            ecr.push(layout, "v1", "team/app", "v1");
            AtomicInteger tokenRequests = new AtomicInteger();
            List<String> targets = new ArrayList<>();
            try (AwsJsonServer tokens = new AwsJsonServer(request -> {
                tokenRequests.incrementAndGet();
                targets.add(request.target());
                return "{\"authorizationData\":[{\"authorizationToken\":\"" + basic("AWS", PASSWORD_B)
                        + "\",\"expiresAt\":" + Instant.now().plusSeconds(43200).getEpochSecond() + ",\"proxyEndpoint\":\"https://"
                        + ecrHost + "\"}]}";
            })) {
                Map<String, String> aws = Map.of("AWS_ENDPOINT_URL_ECR", tokens.endpoint().toString(),
                        "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "not-a-real-key",
                        "AWS_EC2_METADATA_DISABLED", "true", "AWS_CONFIG_FILE", work.resolve("no-aws-config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
                Cli.Result result = captured(ChildCli.run(aws, null, "convert", "--json", "--min-layer-size",
                        CliImages.MIN_LAYER_SIZE, "--registry-endpoint", ecrHost + "=" + ecr.host(), ecrHost + "/team/app:v1"));
                assertConverted(result);
                assertEquals(1, tokenRequests.get(), "one token for the whole run");
                assertEquals(List.of("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"), targets);
                assertTrue(ecr.repository("team/app").listTags().contains("v1-soci"));
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> map = new java.util.HashMap<>(base);
        map.put(key, value);
        return map;
    }
}
