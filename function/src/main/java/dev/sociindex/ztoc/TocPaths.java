package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Paths inside an image, as people type them and as tar names carry them. Both are cleaned the same way (a leading
 * '/', {@code ./}, empty and {@code .} elements and a trailing '/' dropped), so {@code /usr/bin/python3},
 * {@code usr/bin/python3} and a TOC name {@code ./usr/bin/python3} are one path. Lookups compare keys: the cleaned
 * bytes held one byte per char (ISO-8859-1), so that names that are not UTF-8 still match byte for byte.
 */
public final class TocPaths {
    private TocPaths() {
    }

    /** The cleaned text of a path someone gave; empty when nothing is left or an element is {@code ..}. */
    public static Optional<String> normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return Optional.empty();
            }
            parts.add(part);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    /** The lookup key of a path someone gave; throws naming it when it names no file. */
    public static String key(String path) {
        String normalized = normalize(path).orElseThrow(() -> new IllegalArgumentException(
                "\"" + path + "\" names no file inside an image (empty, '/', '.', or with a '..' element)"));
        return new String(normalized.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The lookup key of a TOC entry name; the root ({@code ./}) gives the empty key. */
    public static String key(RawBytes name) {
        String raw = new String(name.toByteArray(), StandardCharsets.ISO_8859_1);
        StringBuilder key = new StringBuilder(raw.length());
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    /** A key as text for messages (invalid UTF-8 shows as U+FFFD). */
    public static String display(String key) {
        return new String(key.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The key of the directory holding {@code key}; empty for top-level names. */
    public static String parent(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The last element of {@code key}. */
    public static String base(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** {@code dir/name} (just {@code name} in the root). */
    public static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
