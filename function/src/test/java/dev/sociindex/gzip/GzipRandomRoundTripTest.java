package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.ZlibOracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs through java.util.zip.Deflater at every level and strategy, with SYNC_FLUSH and FULL_FLUSH
 * points, sometimes several members: output must equal GZIPInputStream's and checkpoints must equal zlib's.
 */
class GzipRandomRoundTripTest {
    private static final int[] STRATEGIES = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
    private static final long[] SPANS = {0, 1, 100, 1000, 5000, 32768, 100_000};

    private final ZlibOracle zlib = new ZlibOracle();
    private final OracleChecks checks = new OracleChecks(zlib);

    @Test
    void randomInputsAgreeWithZlib() throws IOException {
        Random random = new Random(20260223);
        int checkpoints = 0;
        int multiMember = 0;
        for (int round = 0; round < 250; round++) {
            int members = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
            ByteArrayOutputStream gzip = new ByteArrayOutputStream();
            for (int m = 0; m < members; m++) {
                gzip.writeBytes(randomMember(random));
            }
            byte[] blob = gzip.toByteArray();
            long span = SPANS[random.nextInt(SPANS.length)];
            String context = "round " + round + " span " + span;
            try {
                GzipInflation ours = round % 5 == 0
                        ? GzipInflation.trickled(blob, span, round) : GzipInflation.of(blob, span);
                checks.assertSameAsZlib(blob, span, ours);
                checks.assertResumable(blob, ours, 4096);
                OracleChecks.assertSpanDigests(blob, ours);
                assertEquals(members, ours.members(), context);
                checkpoints += ours.checkpoints().size();
                multiMember += members > 1 ? 1 : 0;
            } catch (AssertionError | IOException e) {
                throw new AssertionError(context + ": " + e.getMessage(), e);
            }
        }
        System.out.println("random round trips: " + checkpoints + " checkpoints, " + multiMember + " multi-member");
        assertTrue(checkpoints > 800 && multiMember > 20, checkpoints + " checkpoints, " + multiMember + " multi");
    }

    private static byte[] randomMember(Random random) {
        int size = random.nextInt(4) == 0 ? random.nextInt(100) : random.nextInt(200_000);
        byte[] data = switch (random.nextInt(3)) {
            case 0 -> Encoders.randomBytes(random.nextLong(), size);
            case 1 -> Encoders.mixedData(random.nextLong(), size);
            default -> lowEntropy(random, size);
        };
        Deflater deflater = new Deflater(random.nextInt(10), true);
        deflater.setStrategy(STRATEGIES[random.nextInt(STRATEGIES.length)]);
        ByteArrayOutputStream deflate = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int position = 0;
        while (position < size) {
            int piece = Math.min(size - position, 1 + random.nextInt(Math.max(1, size / 3)));
            deflater.setInput(data, position, piece);
            position += piece;
            int mode = switch (random.nextInt(4)) {
                case 0 -> Deflater.SYNC_FLUSH;
                case 1 -> Deflater.FULL_FLUSH;
                default -> Deflater.NO_FLUSH;
            };
            // Deflater keeps only the latest input array: drain this piece completely before the next setInput.
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, mode);
                deflate.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            deflate.write(buffer, 0, n);
        }
        deflater.end();
        return DeflateBitWriter.gzipMember(deflate.toByteArray(), data);
    }

    /** Few distinct symbols with long repeats: exercises short codes, overlapping matches and distance 1. */
    private static byte[] lowEntropy(Random random, int size) {
        byte[] data = new byte[size];
        int alphabet = 1 + random.nextInt(4);
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 1 + random.nextInt(300));
            Arrays.fill(data, i, i + run, (byte) ('a' + random.nextInt(alphabet)));
            i += run;
        }
        return data;
    }
}
