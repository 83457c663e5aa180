package dev.sociindex.ztoc;

import static dev.sociindex.ztoc.ZtocFixtures.allEmpty;
import static dev.sociindex.ztoc.ZtocFixtures.raw;
import static dev.sociindex.ztoc.ZtocFixtures.regularFile;
import static dev.sociindex.ztoc.ZtocFixtures.validGzipZtoc;
import static dev.sociindex.ztoc.ZtocFixtures.withCompressionInfo;
import static dev.sociindex.ztoc.ZtocFixtures.withFiles;
import static dev.sociindex.ztoc.ZtocFixtures.withXattrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the written bytes with a hand-rolled walker, so the production reader cannot hide a writer mistake. */
class ZtocWireFormatTest {
    // Field ids from ztoc.fbs, spelled out here rather than taken from the production constants.
    private static final int ZTOC_VERSION = 0;
    private static final int ZTOC_BUILD_TOOL = 1;
    private static final int ZTOC_COMPRESSED_SIZE = 2;
    private static final int ZTOC_UNCOMPRESSED_SIZE = 3;
    private static final int ZTOC_TOC = 4;
    private static final int ZTOC_COMPRESSION_INFO = 5;
    private static final int TOC_METADATA = 0;
    private static final int CI_ALGORITHM = 0;
    private static final int CI_MAX_SPAN_ID = 1;
    private static final int CI_SPAN_DIGESTS = 2;
    private static final int CI_CHECKPOINTS = 3;
    private static final int[] FM_STRINGS = {0, 1, 4, 8, 9, 10}; // name, type, linkname, uname, gname, mod_time
    private static final int[] FM_SCALARS = {2, 3, 5, 6, 7, 11, 12}; // offset, size, mode, uid, gid, devmajor/minor
    private static final int FM_XATTRS = 13;

    @Test
    void noFileIdentifierBetweenRootOffsetAndRootVtable() {
        byte[] bytes = ZtocWriter.write(validGzipZtoc());
        FlatWalker w = new FlatWalker(bytes);
        int vtable = w.vtable(w.root());
        // Between the root offset and the first object there may only be alignment padding (< 8 bytes, zeros);
        // a file identifier would put 4 non-zero bytes at offset 4.
        assertTrue(vtable >= 4 && vtable < 4 + 8, "root vtable at " + vtable + ": something sits after the root offset");
        for (int i = 4; i < vtable; i++) {
            assertEquals(0, w.byteAt(i), "non-padding byte at " + i);
        }
    }

    @Test
    void topLevelFieldsSitInTheirSlots() {
        Ztoc ztoc = validGzipZtoc();
        FlatWalker w = new FlatWalker(ZtocWriter.write(ztoc));
        int root = w.root();
        assertEquals("0.9", new String(w.string(root, ZTOC_VERSION), StandardCharsets.UTF_8));
        assertEquals("test builder", new String(w.string(root, ZTOC_BUILD_TOOL), StandardCharsets.UTF_8));
        assertEquals(60_000, w.int64(root, ZTOC_COMPRESSED_SIZE));
        assertEquals(103_936, w.int64(root, ZTOC_UNCOMPRESSED_SIZE));
        int info = w.ref(root, ZTOC_COMPRESSION_INFO);
        assertEquals(1, w.int32(info, CI_MAX_SPAN_ID));
        assertEquals(2, w.vectorLength(info, CI_SPAN_DIGESTS));
        assertEquals(ztoc.compressionInfo().spanDigests().get(1),
                new String(w.stringAt(w.element(info, CI_SPAN_DIGESTS, 1)), StandardCharsets.US_ASCII));
        assertEquals(ztoc.compressionInfo().checkpoints().length, w.vectorLength(info, CI_CHECKPOINTS));
        assertEquals(3, w.vectorLength(w.ref(root, ZTOC_TOC), TOC_METADATA));
    }

    @Test
    void gzipAlgorithmIsLeftToTheSchemaDefault() {
        FlatWalker w = new FlatWalker(ZtocWriter.write(validGzipZtoc()));
        assertFalse(w.has(w.ref(w.root(), ZTOC_COMPRESSION_INFO), CI_ALGORITHM));
    }

    @Test
    void uncompressedAlgorithmIsWrittenAsTwo() {
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, 0,
                List.of(ZtocFixtures.sha256Digest("x")), TarZinfo.of(4096, 4096).encode());
        FlatWalker w = new FlatWalker(ZtocWriter.write(withCompressionInfo(validGzipZtoc(), info)));
        int ci = w.ref(w.root(), ZTOC_COMPRESSION_INFO);
        assertEquals(2, w.int8(ci, CI_ALGORITHM));
        assertFalse(w.has(ci, CI_MAX_SPAN_ID), "max_span_id 0 must be omitted");
    }

    @Test
    void zeroScalarsAreOmittedAndNonZeroOnesWritten() {
        FileMetadata nonZero = new FileMetadata(raw("n"), "char", 1, 2, RawBytes.EMPTY, 3, 4, 5, RawBytes.EMPTY,
                RawBytes.EMPTY, "", 6, 7, List.of());
        FlatWalker w = new FlatWalker(ZtocWriter.write(withFiles(validGzipZtoc(), List.of(allEmpty(), nonZero))));
        int toc = w.ref(w.root(), ZTOC_TOC);
        int zero = w.element(toc, TOC_METADATA, 0);
        int full = w.element(toc, TOC_METADATA, 1);
        for (int id : FM_SCALARS) {
            assertFalse(w.has(zero, id), "zero scalar " + id + " written");
            assertTrue(w.has(full, id), "non-zero scalar " + id + " missing");
        }
        assertEquals(1, w.int64(full, 2));
        assertEquals(2, w.int64(full, 3));
        assertEquals(3, w.int64(full, 5));
        assertEquals(4, w.int32(full, 6));
        assertEquals(5, w.int32(full, 7));
        assertEquals(6, w.int64(full, 11));
        assertEquals(7, w.int64(full, 12));
    }

    @Test
    void allSixStringsAndTheXattrsVectorArePresentWhenEmpty() {
        FlatWalker w = new FlatWalker(ZtocWriter.write(withFiles(validGzipZtoc(), List.of(allEmpty()))));
        int entry = w.element(w.ref(w.root(), ZTOC_TOC), TOC_METADATA, 0);
        for (int id : FM_STRINGS) {
            assertTrue(w.has(entry, id), "string field " + id + " absent");
            assertEquals(0, w.string(entry, id).length);
        }
        assertTrue(w.has(entry, FM_XATTRS));
        assertEquals(0, w.vectorLength(entry, FM_XATTRS));
    }

    @Test
    void xattrsAreWrittenInBytewiseKeyOrder() {
        // Bytewise: 'B' (42) < 'a' (61) < 'z' (7a) < U+00E9 (c3 a9) < U+FF21 (ef bc a1) < U+1F600 (f0 9f 98 80).
        // Java's String order would put U+1F600 (a surrogate pair, d83d) before U+FF21; a signed byte order
        // would put all non-ASCII keys first.
        List<String> expected = List.of("B", "a", "z", "\u00e9", "\uff21", "\ud83d\ude00");
        List<Xattr> scrambled = new ArrayList<>();
        for (String key : List.of("\ud83d\ude00", "z", "\u00e9", "a", "\uff21", "B")) {
            scrambled.add(new Xattr(raw(key), raw("value of " + key)));
        }
        FileMetadata file = withXattrs(regularFile("f", 512, 0), scrambled);
        FlatWalker w = new FlatWalker(ZtocWriter.write(withFiles(validGzipZtoc(), List.of(file))));
        int entry = w.element(w.ref(w.root(), ZTOC_TOC), TOC_METADATA, 0);
        assertEquals(expected.size(), w.vectorLength(entry, FM_XATTRS));
        for (int i = 0; i < expected.size(); i++) {
            int xattr = w.element(entry, FM_XATTRS, i);
            assertArrayEquals(expected.get(i).getBytes(StandardCharsets.UTF_8), w.string(xattr, 0), "key " + i);
            assertArrayEquals(("value of " + expected.get(i)).getBytes(StandardCharsets.UTF_8), w.string(xattr, 1));
        }
    }

    @Test
    void stringsAreTheRawBytesNotAReencoding() {
        RawBytes name = raw(0xff, 0xfe, 'x', 0x80);
        FileMetadata file = new FileMetadata(name, "reg", 512, 0, RawBytes.EMPTY, 0, 0, 0, RawBytes.EMPTY,
                RawBytes.EMPTY, "", 0, 0, List.of());
        FlatWalker w = new FlatWalker(ZtocWriter.write(withFiles(validGzipZtoc(), List.of(file))));
        int entry = w.element(w.ref(w.root(), ZTOC_TOC), TOC_METADATA, 0);
        assertArrayEquals(name.toByteArray(), w.string(entry, 0));
    }
}
