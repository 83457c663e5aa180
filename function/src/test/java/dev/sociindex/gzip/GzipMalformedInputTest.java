package dev.sociindex.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.testing.Encoders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Bad input fails with a GzipFormatException naming the problem and the compressed offset. */
class GzipMalformedInputTest {
    private static final byte[] DATA = Encoders.mixedData(77, 400_000);
    private static final byte[] GZIP = Encoders.gnuGzip(DATA, 6);

    @Test
    void notGzip() {
        GzipFormatException e = fail("hello, world".getBytes(StandardCharsets.US_ASCII));
        assertMessage(e, "not gzip: bad magic bytes 68", 0);
    }

    @Test
    void emptyBlobIsTruncated() {
        assertMessage(fail(new byte[0]), "truncated", 0);
    }

    @Test
    void truncatedAnywhere() {
        Random random = new Random(1);
        int[] fixedCuts = {1, 2, 5, 9, 10, 11, GZIP.length - 9, GZIP.length - 8, GZIP.length - 5, GZIP.length - 1};
        int[] cuts = Arrays.copyOf(fixedCuts, fixedCuts.length + 60);
        for (int i = fixedCuts.length; i < cuts.length; i++) {
            cuts[i] = 11 + random.nextInt(GZIP.length - 20);
        }
        for (int cut : cuts) {
            GzipFormatException e = fail(Arrays.copyOf(GZIP, cut));
            assertMessage(e, "truncated gzip stream", cut);
        }
    }

    @Test
    void wrongCrc() {
        byte[] bad = GZIP.clone();
        bad[bad.length - 8] ^= 0x01;
        assertMessage(fail(bad), "CRC32 mismatch", GZIP.length - 8);
    }

    @Test
    void wrongIsize() {
        byte[] bad = GZIP.clone();
        bad[bad.length - 1] ^= 0x40;
        assertMessage(fail(bad), "ISIZE mismatch", GZIP.length - 4);
    }

    @Test
    void trailingZeroPadding() {
        assertMessage(fail(Encoders.concat(GZIP, new byte[512])), "trailing garbage", GZIP.length);
    }

    @Test
    void trailingSingleByte() {
        assertMessage(fail(Encoders.concat(GZIP, new byte[] {'x'})), "trailing garbage", GZIP.length);
    }

    @Test
    void trailingHalfMagic() {
        assertMessage(fail(Encoders.concat(GZIP, new byte[] {0x1F, 0})), "trailing garbage", GZIP.length);
    }

    @Test
    void unsupportedMethod() {
        byte[] bad = GZIP.clone();
        bad[2] = 7;
        assertMessage(fail(bad), "unsupported gzip compression method 7", 2);
    }

    @Test
    void reservedFlags() {
        byte[] bad = GZIP.clone();
        bad[3] = (byte) 0x20;
        assertMessage(fail(bad), "unsupported gzip header flags 0x20", 3);
    }

    @Test
    void wrongHeaderCrc16() {
        byte[] extra = {1, 2, 3};
        byte[] bad = Encoders.gzipWithAllHeaderFields(DATA, extra);
        int crcOffset = 10 + 2 + extra.length + "name-of-file.tar\0".length() + "a comment, with a comma\0".length();
        bad[crcOffset] ^= 0x10;
        assertMessage(fail(bad), "gzip header CRC16 mismatch", crcOffset);
    }

    @Test
    void distanceTooFarBack() {
        byte[] deflate = new DeflateBitWriter().fixedBlockHeader(true).fixedLiteral('a').fixedMatchOfThree(2)
                .fixedEndOfBlock().toByteArray();
        byte[] bad = DeflateBitWriter.gzipMember(deflate, "aaaa".getBytes(StandardCharsets.US_ASCII));
        assertMessage(fail(bad), "invalid distance 2 too far back", 12);
    }

    @Test
    void distanceIntoThePreviousMemberIsTooFarBack() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] first = DeflateBitWriter.gzipMember(new DeflateBitWriter().fixedBlockHeader(true).fixedLiteral('a')
                .fixedLiteral('b').fixedLiteral('c').fixedEndOfBlock().toByteArray(), abc);
        byte[] second = DeflateBitWriter.gzipMember(new DeflateBitWriter().fixedBlockHeader(true)
                .fixedMatchOfThree(3).fixedEndOfBlock().toByteArray(), abc);
        assertArrayEquals(abc, assertDoesNotFail(first));
        assertMessage(fail(Encoders.concat(first, second)), "too far back", first.length + 11);
    }

    @Test
    void invalidBlockType() {
        byte[] bad = DeflateBitWriter.gzipMember(new DeflateBitWriter().bits(1, 1).bits(3, 2).toByteArray(),
                new byte[0]);
        assertMessage(fail(bad), "invalid deflate block type 3", 10);
    }

    @Test
    void storedBlockLengthMismatch() {
        byte[] bad = DeflateBitWriter.gzipMember(new DeflateBitWriter().bits(1, 1).bits(0, 2).alignToByte()
                .bits(5, 16).bits(0, 16).bits(0, 32).bits('x', 8).toByteArray(), "00000".getBytes());
        assertMessage(fail(bad), "invalid stored block lengths (LEN 5, NLEN 0)", 11);
    }

    @Test
    void overSubscribedCodeLengthCode() {
        DeflateBitWriter w = new DeflateBitWriter().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(15, 4);
        for (int i = 0; i < 19; i++) {
            w.bits(1, 3);
        }
        byte[] bad = DeflateBitWriter.gzipMember(w.bits(0, 32).toByteArray(), new byte[0]);
        assertMessage(fail(bad), "invalid code lengths set", 10);
    }

    @Test
    void invalidFixedLiteralLengthCode() {
        // Fixed code 286 (8 bits 11000110) is reserved.
        byte[] bad = DeflateBitWriter.gzipMember(new DeflateBitWriter().fixedBlockHeader(true).code(0xC6, 8)
                .bits(0, 32).toByteArray(), new byte[0]);
        assertMessage(fail(bad), "invalid literal/length code", 11);
    }

    /** Corrupt deflate bytes: we fail exactly when zlib (GZIPInputStream) fails, and agree on the output otherwise. */
    @Test
    void corruptedDeflateDataAgreesWithZlib() throws IOException {
        byte[] small = Encoders.gnuGzip(Encoders.mixedData(78, 60_000), 9);
        Random random = new Random(2);
        int failures = 0;
        for (int i = 0; i < 300; i++) {
            byte[] bad = small.clone();
            int at = 10 + random.nextInt(small.length - 18);
            bad[at] ^= (byte) (1 << random.nextInt(8));
            byte[] expected;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bad))) {
                expected = in.readAllBytes();
            } catch (IOException e) {
                expected = null;
            }
            if (expected == null) {
                GzipFormatException e = fail(bad);
                assertTrue(e.getMessage().contains("at compressed offset"), e.getMessage());
                failures++;
            } else {
                assertArrayEquals(expected, assertDoesNotFail(bad), "flip at " + at + " decodes like zlib");
            }
        }
        assertTrue(failures > 250, "most bit flips are detected: " + failures);
    }

    private static GzipFormatException fail(byte[] gzip) {
        return assertThrows(GzipFormatException.class, () -> GzipInflation.of(gzip, 64 << 10));
    }

    private static byte[] assertDoesNotFail(byte[] gzip) {
        try {
            return GzipInflation.of(gzip, 64 << 10).output();
        } catch (IOException e) {
            throw new AssertionError("unexpected failure", e);
        }
    }

    private static void assertMessage(GzipFormatException e, String problem, long offset) {
        assertTrue(e.getMessage().contains(problem), "message '" + e.getMessage() + "' should name: " + problem);
        assertEquals(offset, e.compressedOffset(), "offset in: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("at compressed offset " + offset), e.getMessage());
    }
}
