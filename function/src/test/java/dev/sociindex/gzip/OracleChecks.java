package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.ZlibOracle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Compares one inflation of ours against zlib (placement, resumption), GZIPInputStream and recomputed digests. */
final class OracleChecks {
    private final ZlibOracle zlib;

    OracleChecks(ZlibOracle zlib) {
        this.zlib = zlib;
    }

    /** Output equals GZIPInputStream's and zlib's; the checkpoint list (with windows) equals zlib's placement. */
    ZlibOracle.Result assertSameAsZlib(byte[] gzip, long spanSize, GzipInflation ours) throws IOException {
        byte[] reference;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            reference = in.readAllBytes();
        }
        assertArrayEquals(reference, ours.output(), "output differs from GZIPInputStream");
        ZlibOracle.Result expected = zlib.checkpoints(gzip, spanSize);
        assertArrayEquals(expected.output(), ours.output(), "output differs from zlib");
        assertEquals(describe(expected.checkpoints()), describe(ours.checkpoints()), "checkpoint positions");
        for (int i = 0; i < expected.checkpoints().size(); i++) {
            assertArrayEquals(expected.checkpoints().get(i).window(), ours.checkpoints().get(i).window(),
                    "window of checkpoint " + i);
        }
        assertEquals(gzip.length, ours.compressedSize(), "compressed size");
        assertEquals(reference.length, ours.uncompressedSize(), "uncompressed size");
        return expected;
    }

    /** zlib resumed at each checkpoint reproduces the true output from there (maxBytes of it, or to the end). */
    void assertResumable(byte[] gzip, GzipInflation ours, int maxBytes) {
        List<Checkpoint> checkpoints = ours.checkpoints();
        byte[] truth = ours.output();
        for (int i = 0; i < checkpoints.size(); i++) {
            Checkpoint c = checkpoints.get(i);
            int length = (int) Math.min(maxBytes, truth.length - c.out());
            byte[] resumed = zlib.resume(gzip, c, length);
            byte[] expected = Arrays.copyOfRange(truth, (int) c.out(), (int) c.out() + length);
            assertArrayEquals(expected, resumed, "resuming at checkpoint " + i + " " + describe(c));
        }
    }

    /** Each span digest is the SHA-256 of [start_i, end_i) of the blob. */
    static void assertSpanDigests(byte[] gzip, GzipInflation ours) {
        List<Checkpoint> checkpoints = ours.checkpoints();
        assertEquals(checkpoints.size(), ours.spanDigests().size(), "one digest per checkpoint");
        for (int i = 0; i < checkpoints.size(); i++) {
            int start = (int) checkpoints.get(i).spanStart();
            int end = i + 1 < checkpoints.size() ? (int) checkpoints.get(i + 1).in() : gzip.length;
            assertEquals(sha256(gzip, start, end), ours.spanDigests().get(i), "digest of span " + i);
        }
    }

    static void assertAllChecks(OracleChecks checks, byte[] gzip, long spanSize, int minCheckpoints)
            throws IOException {
        GzipInflation ours = GzipInflation.of(gzip, spanSize);
        checks.assertSameAsZlib(gzip, spanSize, ours);
        assertTrue(ours.checkpoints().size() >= minCheckpoints,
                "expected at least " + minCheckpoints + " checkpoints, got " + ours.checkpoints().size());
        checks.assertResumable(gzip, ours, 1 << 17);
        assertSpanDigests(gzip, ours);
        GzipInflation trickled = GzipInflation.trickled(gzip, spanSize, gzip.length);
        assertArrayEquals(ours.output(), trickled.output(), "output with a trickling source");
        assertEquals(describe(ours.checkpoints()), describe(trickled.checkpoints()), "checkpoints when trickled");
        assertEquals(ours.spanDigests(), trickled.spanDigests(), "span digests when trickled");
    }

    static String sha256(byte[] bytes, int from, int to) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, from, to - from);
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> describe(List<Checkpoint> checkpoints) {
        List<String> lines = new ArrayList<>();
        for (Checkpoint c : checkpoints) {
            lines.add(describe(c));
        }
        return lines;
    }

    static String describe(Checkpoint c) {
        return "in=" + c.in() + " out=" + c.out() + " bits=" + c.bits();
    }
}
