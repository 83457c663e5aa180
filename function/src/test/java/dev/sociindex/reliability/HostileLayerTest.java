package dev.sociindex.reliability;

import dev.sociindex.oci.Digests;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerFormatException;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.layer.SkipReason;
import dev.sociindex.testing.Encoders;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static dev.sociindex.testing.TarHeaderBuilder.concat;
import static dev.sociindex.testing.TarHeaderBuilder.data;
import static dev.sociindex.testing.TarHeaderBuilder.endOfArchive;
import static dev.sociindex.testing.TarHeaderBuilder.paxHeader;
import static dev.sociindex.testing.TarHeaderBuilder.paxRecord;
import static dev.sociindex.testing.TarHeaderBuilder.ustar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile layers through the whole indexing path (digest check, inflater, tar reader, TOC, validator): each ends in
 * a zTOC, a documented skip or a {@link LayerFormatException} that names the layer and the offset; none allocates
 * what a header claims, none hangs, and hostile names are recorded byte for byte and never touch a filesystem.
 */
class HostileLayerTest {
    private static final int SPAN = 64 << 10;

    @Test
    void aHugeOctalSizeWithLittleDataIsATruncationErrorNotAnAllocation() {
        byte[] tar = concat(ustar("big", '0').size(077777777777L).build(), data(new byte[1000]));
        LayerFormatException e = assertThrows(LayerFormatException.class, () -> index(gzip(tar)));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void aNegativeBase256SizeIsRejectedWithItsOffset() {
        byte[] negative = new byte[12];
        java.util.Arrays.fill(negative, (byte) 0xff);
        byte[] tar = concat(ustar("ok", '0').size(3).build(), data("abc".getBytes(StandardCharsets.US_ASCII)),
                ustar("neg", '0').bytes(124, negative).build(), endOfArchive());
        LayerFormatException e = assertThrows(LayerFormatException.class, () -> index(gzip(tar)));
        assertTrue(e.getMessage().contains("negative size") && e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void aPaxRecordClaimingAHugeLengthIsRejected() {
        byte[] records = "99999999999999999999 path=x\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tar = concat(paxHeader(records), ustar("f", '0').build(), endOfArchive());
        LayerFormatException e = assertThrows(LayerFormatException.class, () -> index(gzip(tar)));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void aPaxHeaderLargerThanTheMetadataLimitIsNotRead() {
        byte[] tar = concat(ustar("PaxHeaders/f", 'x').size(077777777777L).build(), new byte[4096]);
        LayerFormatException e = assertThrows(LayerFormatException.class, () -> index(gzip(tar)));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void aNulInAPaxPathIsAFormatErrorAsInGo() {
        byte[] tar = concat(paxHeader(paxRecord("path", "a\0b".getBytes(StandardCharsets.US_ASCII))),
                ustar("f", '0').build(), endOfArchive());
        assertThrows(LayerFormatException.class, () -> index(gzip(tar)));
    }

    @Test
    void escapingAbsoluteAndControlByteNamesAreRecordedByteExactAndNothingIsWritten() throws IOException {
        String marker = "soci-escape-" + UUID.randomUUID();
        List<byte[]> names = List.of(
                ("../../../../tmp/" + marker).getBytes(StandardCharsets.US_ASCII),
                ("/tmp/" + marker + "-absolute").getBytes(StandardCharsets.US_ASCII),
                "a/../../b".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'c', 0x01, 0x1b, '[', '2', 'J', 0x7f, (byte) 0xff, (byte) 0xfe, '\n', 'd'});
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (byte[] name : names) {
            tar.writeBytes(ustar("placeholder", '0').bytes(0, new byte[100]).bytes(0, name).size(2).build());
            tar.writeBytes(data(new byte[] {'h', 'i'}));
        }
        tar.writeBytes(concat(paxHeader(paxRecord("path", ("x/" + "y".repeat(200) + "/../../../" + marker)
                .getBytes(StandardCharsets.US_ASCII))), ustar("short", '0').build()));
        tar.writeBytes(endOfArchive());
        LayerResult result = index(gzip(tar.toByteArray()));
        Ztoc ztoc = ZtocReader.read(assertInstanceOf(LayerResult.Indexed.class, result).ztoc().readAllBytes());
        List<FileMetadata> files = ztoc.files();
        assertEquals(names.size() + 1, files.size());
        for (int i = 0; i < names.size(); i++) {
            assertArrayEquals(names.get(i), files.get(i).name().toByteArray(), "entry " + i);
        }
        assertFalse(Files.exists(Path.of("/tmp", marker)));
        assertFalse(Files.exists(Path.of("/tmp", marker + "-absolute")));
        assertFalse(Files.exists(Path.of(marker)));
    }

    @Test
    void moreEntriesThanTheBoundIsASkipWithTheCountAndOffset() throws IOException {
        byte[] within = manyEmptyFiles(1000);
        byte[] over = manyEmptyFiles(1001);
        LayerIndexer bounded = new LayerIndexer(SPAN, "test", 1000);
        assertInstanceOf(LayerResult.Indexed.class, bounded.index(gzipLayer(within), new ByteArrayInputStream(within)));
        LayerResult result = bounded.index(gzipLayer(over), new ByteArrayInputStream(over));
        LayerResult.Skipped skipped = assertInstanceOf(LayerResult.Skipped.class, result);
        assertEquals(SkipReason.TOO_MANY_ENTRIES, skipped.reason());
        assertTrue(skipped.detail().contains("more than 1000 tar entries")
                && skipped.detail().contains("entry 1001 at uncompressed offset"), skipped.detail());
    }

    @Test
    void aGzipTrailerWithALyingIsizeIsRejected() {
        byte[] layer = gzip(concat(ustar("f", '0').size(5).build(), data("hello".getBytes(StandardCharsets.US_ASCII)),
                endOfArchive()));
        layer[layer.length - 1] ^= 0x40;
        LayerFormatException e = assertThrows(LayerFormatException.class, () -> index(layer));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void aDeflateDistanceBeforeTheStartOfTheStreamIsRejected() {
        // fixed-Huffman block: BFINAL=1, BTYPE=01, then length 3 (code 257) at distance 1 with nothing before it
        BitWriter bits = new BitWriter();
        bits.write(1, 1).write(1, 2).huffman(0b0000001, 7).huffman(0, 5).huffman(0, 7);
        byte[] deflate = bits.toByteArray();
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        byte[] layer = concat(header, deflate, new byte[8]);
        LayerFormatException e = assertThrows(LayerFormatException.class, () -> index(layer));
        assertTrue(e.getMessage().contains("distance") || e.getMessage().contains("window"), e.getMessage());
    }

    private static byte[] manyEmptyFiles(int count) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            tar.writeBytes(ustar("f" + i, '0').build());
        }
        tar.writeBytes(endOfArchive());
        return gzip(tar.toByteArray());
    }

    private static LayerDescriptor gzipLayer(byte[] blob) {
        return new LayerDescriptor(Digests.sha256(blob), blob.length, "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    private static LayerResult index(byte[] blob) throws IOException {
        return new LayerIndexer(SPAN, "test").index(gzipLayer(blob), new ByteArrayInputStream(blob));
    }

    private static byte[] gzip(byte[] tar) {
        return Encoders.gnuGzip(tar, 6);
    }

    /** Deflate's bit order: header fields LSB first, Huffman codes MSB first. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        BitWriter write(int value, int count) {
            for (int i = 0; i < count; i++) {
                bit((value >>> i) & 1);
            }
            return this;
        }

        BitWriter huffman(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bit((code >>> i) & 1);
            }
            return this;
        }

        private void bit(int bit) {
            current |= bit << used;
            if (++used == 8) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }

}
