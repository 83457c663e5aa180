package dev.sociindex.oci;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable string maps kept in Go's key order, so that iteration, equality and printing are deterministic. */
final class Maps {
    private Maps() {
    }

    static SortedMap<String, String> sortedCopy(Map<String, String> map) {
        TreeMap<String, String> copy = new TreeMap<>(GoJson.KEY_ORDER);
        if (map != null) {
            map.forEach((key, value) -> copy.put(requireNonNull(key, "key"), requireNonNull(value, "value of " + key)));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    static SortedMap<String, String> with(Map<String, String> map, String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(GoJson.KEY_ORDER);
        copy.putAll(map);
        copy.put(key, value);
        return Collections.unmodifiableSortedMap(copy);
    }

    private static String requireNonNull(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException("annotation " + what + " is null; Go strings cannot be null");
        }
        return text;
    }
}
