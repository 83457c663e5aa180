package dev.sociindex.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Docker's credential-helper protocol: {@code docker-credential-NAME get} reads the registry host on stdin and
 * prints {@code {"ServerURL":..,"Username":..,"Secret":..}}; "credentials not found" on a failure means none. The
 * helper is found on {@code PATH} like any command. Its output is never put into a message.
 */
public final class CredentialHelpers {
    private static final long TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<Credentials> get(String helper, String registryHost) throws IOException {
        if (!helper.matches("[A-Za-z0-9._-]+")) {
            throw new IOException("credential helper name '" + helper + "' is not a plain name");
        }
        String command = "docker-credential-" + helper;
        Process process;
        try {
            process = new ProcessBuilder(List.of(command, "get")).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException("credential helper " + command + " for " + registryHost + " could not be run (is it on"
                    + " PATH?)", e);
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(registryHost.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out;
        byte[] err;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            out = stdout.readAllBytes();
            err = stderr.readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " get for " + registryHost + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while running " + command);
        }
        if (process.exitValue() != 0) {
            String said = (new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8)).strip();
            if (said.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                return Optional.empty();
            }
            // what a failing helper says is about its own state (keychain locked, ...), never a secret it holds
            throw new IOException(command + " get for " + registryHost + " failed with exit " + process.exitValue()
                    + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse("")));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(out);
        } catch (IOException e) {
            throw new IOException(command + " get for " + registryHost + " did not answer with JSON", e);
        }
        String user = answer == null ? "" : answer.path("Username").asText("");
        String secret = answer == null ? "" : answer.path("Secret").asText("");
        if (user.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(user, secret));
    }
}
