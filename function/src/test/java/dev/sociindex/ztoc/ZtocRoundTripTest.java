package dev.sociindex.ztoc;

import static dev.sociindex.ztoc.ZtocFixtures.allEmpty;
import static dev.sociindex.ztoc.ZtocFixtures.assertSameZtoc;
import static dev.sociindex.ztoc.ZtocFixtures.manyFiles;
import static dev.sociindex.ztoc.ZtocFixtures.raw;
import static dev.sociindex.ztoc.ZtocFixtures.regularFile;
import static dev.sociindex.ztoc.ZtocFixtures.validGzipZtoc;
import static dev.sociindex.ztoc.ZtocFixtures.withCompressionInfo;
import static dev.sociindex.ztoc.ZtocFixtures.withFiles;
import static dev.sociindex.ztoc.ZtocFixtures.withXattrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZtocRoundTripTest {

    @Test
    void validGzipZtocReadsBackEqual() throws Exception {
        Ztoc ztoc = validGzipZtoc();
        assertSameZtoc(ztoc, ZtocReader.read(ZtocWriter.write(ztoc)));
    }

    @Test
    void emptyStringsAndZeroScalarsReadBackAsThemselves() throws Exception {
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(allEmpty()));
        assertSameZtoc(ztoc, ZtocReader.read(ZtocWriter.write(ztoc)));
    }

    @Test
    void rawBytesSurviveByteForByte() throws Exception {
        RawBytes latin1Name = raw('c', 'a', 'f', 0xe9, '.', 't', 'x', 't'); // not valid UTF-8
        RawBytes capability = raw(0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0xff, 0xfe, 0x80);
        FileMetadata file = withXattrs(
                new FileMetadata(latin1Name, "symlink", 1024, 0, raw(0xff, '/', 0xc0, 0x80), 0120777, 0, 0,
                        raw(0xe4, 0xf6), raw(0x00, 0x01), "1970-01-01T00:00:00Z", 0, 0, List.of()),
                List.of(new Xattr(raw("SCHILY.xattr.security.capability"), capability),
                        new Xattr(raw("path"), latin1Name),
                        new Xattr(raw("SCHILY.xattr.user.empty"), RawBytes.EMPTY)));
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(sortedXattrs(file)));
        Ztoc back = ZtocReader.read(ZtocWriter.write(ztoc));
        assertSameZtoc(ztoc, back);
        assertArrayEquals(capability.toByteArray(), back.files().get(0).xattrs().get(0).value().toByteArray());
    }

    @Test
    void uidAndGidAreUint32() throws Exception {
        FileMetadata file = new FileMetadata(raw("f"), "reg", 512, 1, RawBytes.EMPTY, 0644, 0xFFFF_FFF0L,
                0x8000_0000L, RawBytes.EMPTY, RawBytes.EMPTY, "", 0, 0, List.of());
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(file));
        assertSameZtoc(ztoc, ZtocReader.read(ZtocWriter.write(ztoc)));
    }

    @Test
    void uidBeyond32BitsIsTruncatedAsGoDoes() throws Exception {
        FileMetadata file = new FileMetadata(raw("f"), "reg", 512, 1, RawBytes.EMPTY, 0644, (1L << 32) + 5, 7,
                RawBytes.EMPTY, RawBytes.EMPTY, "", 0, 0, List.of());
        Ztoc back = ZtocReader.read(ZtocWriter.write(withFiles(validGzipZtoc(), List.of(file))));
        assertEquals(5, back.files().get(0).uid());
        assertEquals(7, back.files().get(0).gid());
    }

    @Test
    void deviceNumbersModeAndLargeOffsetsSurvive() throws Exception {
        FileMetadata device = new FileMetadata(raw("dev/sda"), "block", 5L << 33, 0, RawBytes.EMPTY, 060660, 0, 6,
                raw("root"), raw("disk"), "2024-02-29T23:59:59.123456789Z", 8, 1 << 20, List.of());
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(device));
        assertSameZtoc(ztoc, ZtocReader.read(ZtocWriter.write(ztoc)));
    }

    @Test
    void manyEntriesKeepTheirOrder() throws Exception {
        Ztoc ztoc = withFiles(validGzipZtoc(), manyFiles(3000));
        assertSameZtoc(ztoc, ZtocReader.read(ZtocWriter.write(ztoc)));
    }

    @Test
    void uncompressedLayerWithTarZinfo() throws Exception {
        TarZinfo zinfo = TarZinfo.of(4096, 10_240);
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, 2,
                List.of(ZtocFixtures.sha256Digest("0"), ZtocFixtures.sha256Digest("1"),
                        ZtocFixtures.sha256Digest("2")),
                zinfo.encode());
        Ztoc ztoc = withCompressionInfo(validGzipZtoc(), info);
        Ztoc back = ZtocReader.read(ZtocWriter.write(ztoc));
        assertSameZtoc(ztoc, back);
        assertEquals(zinfo, TarZinfo.decode(back.compressionInfo().checkpoints()));
    }

    @Test
    void readsFromTheBufferPositionWithoutMovingIt() throws Exception {
        byte[] ztoc = ZtocWriter.write(validGzipZtoc());
        ByteBuffer padded = ByteBuffer.allocate(ztoc.length + 7);
        padded.position(7);
        padded.put(ztoc);
        padded.position(7);
        assertSameZtoc(validGzipZtoc(), ZtocReader.read(padded));
        assertEquals(7, padded.position());
    }

    @Test
    void writingTwiceGivesIdenticalBytes() {
        Ztoc ztoc = withFiles(validGzipZtoc(), manyFiles(200));
        assertArrayEquals(ZtocWriter.write(ztoc), ZtocWriter.write(withFiles(validGzipZtoc(), manyFiles(200))));
    }

    @Test
    void initialCapacityCoversTheFinishedBufferSoItNeverGrows() {
        for (Ztoc ztoc : List.of(validGzipZtoc(), withFiles(validGzipZtoc(), manyFiles(1000)),
                withFiles(validGzipZtoc(), List.of(allEmpty(), withXattrs(regularFile("x", 512, 1),
                        List.of(new Xattr(raw("k"), raw("v")))))),
                withFiles(validGzipZtoc(), everyTableShape()), withFiles(validGzipZtoc(), manyXattrs(50)))) {
            long estimate = ZtocWriter.estimatedSize(ztoc);
            int actual = ZtocWriter.write(ztoc).length;
            assertTrue(estimate >= actual, "estimate " + estimate + " < actual " + actual);
            // close enough that a large TOC's buffer is not much larger than its tables (vtables counted once)
            assertTrue(estimate < actual * 13L / 10 + 8192, "estimate " + estimate + " is far above actual " + actual);
        }
    }

    /** One file for each of the 128 combinations of defaultable scalars present: a vtable each, none shared. */
    private static List<FileMetadata> everyTableShape() {
        List<FileMetadata> files = new java.util.ArrayList<>();
        for (int shape = 0; shape < 128; shape++) {
            long[] v = new long[7];
            for (int bit = 0; bit < 7; bit++) {
                v[bit] = (shape >> bit & 1) == 0 ? 0 : Long.MAX_VALUE >> bit;
            }
            files.add(new FileMetadata(raw("f" + shape), "reg", v[0], v[1], RawBytes.EMPTY, v[2], v[3] & 0xffffffffL,
                    v[4] & 0xffffffffL, raw("u"), raw("g"), "", v[5], v[6], List.of()));
        }
        return files;
    }

    private static List<FileMetadata> manyXattrs(int count) {
        List<Xattr> xattrs = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            xattrs.add(new Xattr(raw(String.format("SCHILY.xattr.user.k%03d", i)), raw("v".repeat(i))));
        }
        return List.of(withXattrs(regularFile("a", 512, 1), xattrs), withXattrs(regularFile("b", 1536, 1), xattrs));
    }

    private static FileMetadata sortedXattrs(FileMetadata file) {
        return withXattrs(file, file.xattrs().stream().sorted((a, b) -> a.key().compareTo(b.key())).toList());
    }
}
