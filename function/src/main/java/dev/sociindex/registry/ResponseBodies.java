package dev.sociindex.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading response bodies with a size bound, and describing requests and failures without leaking secrets. */
final class ResponseBodies {
    private static final int ERROR_BODY_LIMIT = 4096;

    private ResponseBodies() {
    }

    /**
     * Reads a whole body that must not exceed {@code maxBytes}; {@code what} names it in the error. Fails early on a
     * larger {@code Content-Length} rather than reading it.
     */
    static byte[] readBounded(HttpResponse<InputStream> response, int maxBytes, String what) throws IOException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            throw new RegistryException(what + " is " + declared + " bytes, more than the limit of " + maxBytes,
                    response.statusCode(), false, null);
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new RegistryException(what + " is more than the limit of " + maxBytes + " bytes",
                        response.statusCode(), false, null);
            }
            return bytes;
        }
    }

    /** Closes a body we do not need, so its connection can be reused or released. */
    static void discard(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.skip(ERROR_BODY_LIMIT);
        } catch (IOException ignored) {
            // the connection is dropped instead of reused; nothing else depends on it
        }
    }

    /** {@code METHOD scheme://host/path}: never the query, which holds upload state or pre-signed URL signatures. */
    static String describe(String method, URI uri) {
        return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    /** An error body: the spec's error codes it names, and a short single-line summary for messages. */
    record ErrorBody(List<RegistryErrorCode> codes, String summary) {
    }

    /**
     * The error body of {@code response}: the registry's {@code errors[].code: message} when it sent the standard
     * JSON, otherwise the beginning of the text (and no codes).
     */
    static ErrorBody errorBody(HttpResponse<InputStream> response, ObjectMapper json) {
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes(ERROR_BODY_LIMIT);
        } catch (IOException e) {
            return new ErrorBody(List.of(), "");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            JsonNode errors = json.readTree(text).path("errors");
            List<String> parts = new ArrayList<>();
            List<RegistryErrorCode> codes = new ArrayList<>();
            for (JsonNode error : errors) {
                String code = error.path("code").asText("?");
                String message = error.path("message").asText("");
                RegistryErrorCode.parse(code).ifPresent(codes::add);
                parts.add(code + (message.isEmpty() ? "" : ": " + message));
            }
            if (!parts.isEmpty()) {
                return new ErrorBody(codes, String.join("; ", parts));
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to plain text
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return new ErrorBody(List.of(), line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    /** The summary of {@link #errorBody}. */
    static String errorSummary(HttpResponse<InputStream> response, ObjectMapper json) {
        return errorBody(response, json).summary();
    }
}
