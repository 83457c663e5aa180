package dev.sociindex.gzip;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of each span's compressed bytes, computed while streaming; at most one span is open at a time. */
final class SpanDigests {
    private final List<String> digests = new ArrayList<>();
    private MessageDigest current;

    boolean isOpen() {
        return current != null;
    }

    void open() {
        try {
            current = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        current.update(bytes, offset, length);
    }

    void close() {
        digests.add("sha256:" + HexFormat.of().formatHex(current.digest()));
        current = null;
    }

    List<String> digests() {
        return List.copyOf(digests);
    }
}
