package dev.sociindex.testing;

import java.util.Random;

/** Reproducible byte content for blobs in store and registry tests. */
public final class TestBytes {
    private TestBytes() {
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
