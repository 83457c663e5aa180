package dev.sociindex.ztoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.gzip.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class GzipCheckpointsBlobTest {
    private static final int RECORD = 32785;

    private static GzipCheckpointsBlob twoCheckpoints() {
        return new GzipCheckpointsBlob(0x0102030405L, List.of(
                new Checkpoint(10, 0, 0, new byte[Checkpoint.WINDOW_SIZE]),
                new Checkpoint(0x1122334455L, 0x66778899AAL, 5, ZtocFixtures.window(7))));
    }

    @Test
    void lengthIsTwelvePlusOneRecordPerCheckpoint() {
        for (int n : new int[] {0, 1, 2, 5}) {
            List<Checkpoint> checkpoints = java.util.Collections.nCopies(n,
                    new Checkpoint(10, 0, 0, new byte[Checkpoint.WINDOW_SIZE]));
            assertEquals(12 + RECORD * n, new GzipCheckpointsBlob(4 << 20, checkpoints).encode().length);
            assertEquals(12L + RECORD * n, GzipCheckpointsBlob.encodedSize(n));
        }
    }

    @Test
    void fieldsAreLittleEndianInTheSpecifiedPlaces() {
        byte[] blob = twoCheckpoints().encode();
        HexFormat hex = HexFormat.of();
        assertEquals("02000000", hex.formatHex(blob, 0, 4));
        assertEquals("0504030201000000", hex.formatHex(blob, 4, 12));
        // checkpoint 0: in=10, out=0, bits=0, zero window
        assertEquals("0a00000000000000", hex.formatHex(blob, 12, 20));
        assertEquals("0000000000000000", hex.formatHex(blob, 20, 28));
        assertEquals(0, blob[28]);
        assertTrue(Arrays.equals(blob, 29, 29 + 32768, new byte[32768], 0, 32768));
        // checkpoint 1: in before out
        int r1 = 12 + RECORD;
        assertEquals("5544332211000000", hex.formatHex(blob, r1, r1 + 8));
        assertEquals("aa99887766000000", hex.formatHex(blob, r1 + 8, r1 + 16));
        assertEquals(5, blob[r1 + 16]);
        assertArrayEquals(ZtocFixtures.window(7), Arrays.copyOfRange(blob, r1 + 17, r1 + 17 + 32768));
        assertEquals(r1 + RECORD, blob.length);
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        GzipCheckpointsBlob original = twoCheckpoints();
        GzipCheckpointsBlob back = GzipCheckpointsBlob.decode(original.encode());
        assertEquals(original.spanSize(), back.spanSize());
        assertEquals(2, back.checkpoints().size());
        for (int i = 0; i < 2; i++) {
            Checkpoint e = original.checkpoints().get(i);
            Checkpoint a = back.checkpoints().get(i);
            assertEquals(List.of(e.in(), e.out(), (long) e.bits()), List.of(a.in(), a.out(), (long) a.bits()));
            assertArrayEquals(e.window(), a.window());
        }
    }

    @Test
    void writeToPlacesTheBlobAtThePositionAndKeepsTheBufferOrder() {
        GzipCheckpointsBlob blob = twoCheckpoints();
        ByteBuffer destination = ByteBuffer.allocate(3 + blob.encodedSize() + 2).order(ByteOrder.BIG_ENDIAN);
        destination.position(3);
        blob.writeTo(destination);
        assertEquals(3 + blob.encodedSize(), destination.position());
        assertEquals(ByteOrder.BIG_ENDIAN, destination.order());
        assertArrayEquals(blob.encode(), Arrays.copyOfRange(destination.array(), 3, 3 + blob.encodedSize()));
    }

    @Test
    void legacyV1BlobGetsItsImpliedFirstCheckpoint() throws Exception {
        // v1: count = 2, but only checkpoint 1 is stored.
        byte[] v2 = twoCheckpoints().encode();
        byte[] v1 = new byte[12 + RECORD];
        System.arraycopy(v2, 0, v1, 0, 12);
        System.arraycopy(v2, 12 + RECORD, v1, 12, RECORD);
        GzipCheckpointsBlob decoded = GzipCheckpointsBlob.decode(v1);
        assertEquals(2, decoded.checkpoints().size());
        Checkpoint first = decoded.checkpoints().get(0);
        assertEquals(List.of(10L, 0L, 0L), List.of(first.in(), first.out(), (long) first.bits()));
        assertArrayEquals(new byte[Checkpoint.WINDOW_SIZE], first.window());
        assertEquals(0x1122334455L, decoded.checkpoints().get(1).in());
    }

    @Test
    void snapshotterTestVectors() throws Exception {
        GzipCheckpointsBlob zero = GzipCheckpointsBlob.decode(HexFormat.of().parseHex("00000000" + "0000000000000000"));
        assertEquals(0, zero.checkpoints().size());

        GzipCheckpointsBlob v1 = GzipCheckpointsBlob.decode(HexFormat.of().parseHex("01000000" + "0000000000000000"));
        assertEquals(1, v1.checkpoints().size());
        assertEquals(10, v1.checkpoints().get(0).in());

        ZtocFormatException e = assertThrows(ZtocFormatException.class,
                () -> GzipCheckpointsBlob.decode(HexFormat.of().parseHex("ff000000" + "0000000000000000")));
        assertTrue(e.getMessage().contains("255"), e.getMessage());
    }

    @Test
    void rejectsOtherLengthsNegativeCountsAndBadBits() {
        byte[] valid = twoCheckpoints().encode();
        assertThrows(ZtocFormatException.class, () -> GzipCheckpointsBlob.decode(new byte[0]));
        assertThrows(ZtocFormatException.class, () -> GzipCheckpointsBlob.decode(new byte[11]));
        assertThrows(ZtocFormatException.class, () -> GzipCheckpointsBlob.decode(Arrays.copyOf(valid, valid.length - 1)));
        assertThrows(ZtocFormatException.class, () -> GzipCheckpointsBlob.decode(Arrays.copyOf(valid, valid.length + 1)));

        byte[] negative = HexFormat.of().parseHex("ffffffff" + "0000000000000000");
        assertThrows(ZtocFormatException.class, () -> GzipCheckpointsBlob.decode(negative));

        byte[] badBits = valid.clone();
        badBits[12 + 16] = 8;
        ZtocFormatException e = assertThrows(ZtocFormatException.class, () -> GzipCheckpointsBlob.decode(badBits));
        assertTrue(e.getMessage().contains("offset 28"), e.getMessage());
    }
}
