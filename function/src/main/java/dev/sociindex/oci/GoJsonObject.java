package dev.sociindex.oci;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sociindex.bytes.RawBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a JSON object the way Go's {@code json.Unmarshal} fills a struct, so that parse followed by
 * {@link GoJson} output equals Go's unmarshal + marshal: member names match case-insensitively and the last
 * match wins, unknown members are ignored, {@code null} leaves the zero value, a {@code null} element of an
 * array or map becomes the element's zero value, and a value of the wrong JSON type is an error. Every error
 * names the JSON path of the offending value.
 */
final class GoJsonObject {
    /** Immutable after construction; Go rejects anything after the top-level value, and so do we. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode node;
    private final String path;

    private GoJsonObject(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a whole document whose top level must be an object; {@code what} names it in errors. */
    static GoJsonObject parse(byte[] json, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ManifestFormatException(what + " is not valid JSON: " + e.getOriginalMessage()
                    + " (at byte offset " + e.getLocation().getByteOffset() + ")", e);
        } catch (IOException e) {
            throw new ManifestFormatException(what + " could not be read as JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ManifestFormatException(what + " is empty");
        }
        if (!root.isObject()) {
            throw new ManifestFormatException(what + " must be a JSON object, found " + root.getNodeType());
        }
        return new GoJsonObject(root, what);
    }

    String string(String name) {
        JsonNode value = member(name);
        return value == null ? "" : text(value, path(name));
    }

    long int64(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw typeError(path(name), "a 64-bit integer", value);
        }
        return value.longValue();
    }

    /** Empty when absent or null (Go: nil pointer). */
    Optional<GoJsonObject> object(String name) {
        JsonNode value = member(name);
        return value == null ? Optional.empty() : Optional.of(asObject(value, path(name)));
    }

    /** Null when absent or null (Go: nil slice, which a non-omitempty field writes as {@code null}). */
    <T> List<T> arrayOrNull(String name, Function<GoJsonObject, T> element, T zero) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw typeError(path(name), "an array", value);
        }
        List<T> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            items.add(item.isNull() ? zero : element.apply(asObject(item, path(name) + "[" + i + "]")));
        }
        return items;
    }

    /** Empty when absent or null; used for omitempty fields, where nil and empty are written alike. */
    List<String> strings(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw typeError(path(name), "an array of strings", value);
        }
        List<String> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            items.add(item.isNull() ? "" : text(item, path(name) + "[" + i + "]"));
        }
        return items;
    }

    /** A Go {@code map[string]string}; empty when absent or null. Keys match exactly (maps do not fold case). */
    Map<String, String> stringMap(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw typeError(path(name), "an object of strings", value);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            JsonNode item = entry.getValue();
            map.put(entry.getKey(), item.isNull() ? "" : text(item, path(name) + "." + entry.getKey()));
        }
        return map;
    }

    /** A Go {@code []byte}: standard base64 (Go's decoder skips CR and LF); empty when absent or null. */
    RawBytes base64(String name) {
        String text = string(name);
        try {
            return RawBytes.copyOf(Base64.getDecoder().decode(text.replace("\r", "").replace("\n", "")));
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException(path(name) + " is not valid base64: " + e.getMessage(), e);
        }
    }

    String path() {
        return path;
    }

    /**
     * Go matches a member to a field by exact name or, failing that, case-insensitively, and assigns in document
     * order, so the last matching member wins. A JSON {@code null} counts as absent (Go leaves the zero value).
     */
    private JsonNode member(String name) {
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                found = entry.getValue();
            }
        }
        return found == null || found.isNull() ? null : found;
    }

    private String path(String name) {
        return path + "." + name;
    }

    private static GoJsonObject asObject(JsonNode value, String where) {
        if (!value.isObject()) {
            throw typeError(where, "an object", value);
        }
        return new GoJsonObject(value, where);
    }

    private static String text(JsonNode value, String where) {
        if (!value.isTextual()) {
            throw typeError(where, "a string", value);
        }
        return value.textValue();
    }

    private static ManifestFormatException typeError(String where, String expected, JsonNode found) {
        String shown = found.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        return new ManifestFormatException(where + " must be " + expected + ", found " + shown);
    }
}
