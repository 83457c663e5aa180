package dev.sociindex.ztoc;

import static dev.sociindex.ztoc.ZtocFixtures.validGzipZtoc;
import static dev.sociindex.ztoc.ZtocFixtures.withCompressionInfo;
import static dev.sociindex.ztoc.ZtocFixtures.withFiles;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A zTOC comes from a registry: whatever the bytes, the reader may only answer with a model or a ZtocFormatException. */
class ZtocReaderGarbageTest {

    /** A zTOC small enough to try every prefix: an entry with an xattr, two span digests, a tiny blob. */
    private static byte[] smallZtoc() {
        FileMetadata file = ZtocFixtures.withXattrs(ZtocFixtures.regularFile("f", 512, 3),
                List.of(new Xattr(ZtocFixtures.raw("k"), ZtocFixtures.raw("v"))));
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.GZIP, 1,
                List.of("sha256:00", "sha256:11"), new byte[] {1, 2, 3});
        return ZtocWriter.write(withCompressionInfo(withFiles(validGzipZtoc(), List.of(file)), info));
    }

    private static void readExpectingOnlyFormatErrors(byte[] bytes, String what) {
        try {
            ZtocReader.read(bytes);
        } catch (ZtocFormatException expected) {
            // the only acceptable failure
        } catch (RuntimeException e) {
            fail(what + ": reader threw " + e, e);
        }
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] valid = smallZtoc();
        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            assertThrows(ZtocFormatException.class, () -> ZtocReader.read(prefix), "prefix of " + length + " bytes");
        }
    }

    @Test
    void everySingleByteCorruptionGivesAModelOrAFormatError() {
        byte[] valid = smallZtoc();
        for (int i = 0; i < valid.length; i++) {
            for (int value : new int[] {0x00, 0x7f, 0x80, 0xff}) {
                byte[] corrupt = valid.clone();
                corrupt[i] = (byte) value;
                readExpectingOnlyFormatErrors(corrupt, "byte " + i + " set to " + value);
            }
        }
    }

    @Test
    void randomBytesGiveAModelOrAFormatError() {
        Random random = new Random(20260811);
        for (int round = 0; round < 5000; round++) {
            byte[] garbage = new byte[random.nextInt(256)];
            random.nextBytes(garbage);
            readExpectingOnlyFormatErrors(garbage, "random buffer " + round);
        }
    }

    @Test
    void aHugeVectorLengthIsRejectedBeforeAnythingIsAllocated() {
        byte[] bytes = smallZtoc();
        FlatWalker w = new FlatWalker(bytes);
        int toc = w.ref(w.root(), 4);
        int metadataVector = w.ref(toc, 0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(metadataVector, Integer.MAX_VALUE);
        ZtocFormatException e = assertThrows(ZtocFormatException.class, () -> ZtocReader.read(bytes));
        assertTrue(e.getMessage().contains("Ztoc.toc.metadata") && e.getMessage().contains(
                String.valueOf(metadataVector + 4)), e.getMessage());
    }

    @Test
    void aMissingTocOrCompressionInfoIsRejected() {
        byte[] bytes = smallZtoc();
        FlatWalker w = new FlatWalker(bytes);
        int vtable = w.vtable(w.root());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] noToc = bytes.clone();
        ByteBuffer.wrap(noToc).order(ByteOrder.LITTLE_ENDIAN).putShort(vtable + 4 + 2 * 4, (short) 0);
        ZtocFormatException e = assertThrows(ZtocFormatException.class, () -> ZtocReader.read(noToc));
        assertTrue(e.getMessage().contains("Ztoc.toc") && e.getMessage().contains("missing"), e.getMessage());
        b.putShort(vtable + 4 + 2 * 5, (short) 0);
        assertThrows(ZtocFormatException.class, () -> ZtocReader.read(bytes));
    }

    @Test
    void anUnknownAlgorithmIsRejected() {
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, 0, List.of("sha256:00"),
                new byte[] {1});
        byte[] bytes = ZtocWriter.write(withCompressionInfo(validGzipZtoc(), info));
        FlatWalker w = new FlatWalker(bytes);
        int ci = w.ref(w.root(), 5);
        bytes[ci + w.slot(ci, 0)] = 7;
        ZtocFormatException e = assertThrows(ZtocFormatException.class, () -> ZtocReader.read(bytes));
        assertTrue(e.getMessage().contains("compression_algorithm") && e.getMessage().contains("7"), e.getMessage());
    }
}
