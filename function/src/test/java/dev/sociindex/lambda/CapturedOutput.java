package dev.sociindex.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A stream that tests hand to the code under test and then read back line by line, each line parsed as JSON. */
final class CapturedOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    List<String> lines() {
        stream.flush();
        return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Every line, parsed; a line that is not JSON fails the test with the line in the message. */
    List<JsonNode> json() {
        return lines().stream().map(CapturedOutput::parse).toList();
    }

    /** The EMF blobs among the lines: the ones with an {@code _aws} member. */
    List<JsonNode> emfBlobs() {
        return json().stream().filter(n -> n.has("_aws")).toList();
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
