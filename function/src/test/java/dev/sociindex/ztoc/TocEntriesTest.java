package dev.sociindex.ztoc;

import static dev.sociindex.ztoc.ZtocFixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.tar.PaxRecord;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.UnsupportedTarException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TocEntriesTest {

    private static TarEntry entry(char typeflag, List<PaxRecord> pax) {
        return new TarEntry(1536, 2560, raw("./some/path"), typeflag, 4096, raw("target"), 0100755,
                0xFFFF_FFFEL, 42, raw("alice"), raw("staff"), 1_700_000_000L, 250_000_000, 8, 3, pax);
    }

    @Test
    void copiesEveryFieldAsGoDoes() throws Exception {
        FileMetadata m = TocEntries.fromTarEntry(entry('0', List.of()));
        assertEquals(new FileMetadata(raw("./some/path"), "reg", 2560, 4096, raw("target"), 0100755, 0xFFFF_FFFEL, 42,
                raw("alice"), raw("staff"), "2023-11-14T22:13:20.25Z", 8, 3, List.of()), m);
    }

    @Test
    void mapsEveryTypeFlagTheZtocKnows() throws Exception {
        Map<Character, String> expected = Map.of('0', "reg", '1', "hardlink", '2', "symlink", '3', "char",
                '4', "block", '5', "dir", '6', "fifo");
        for (Map.Entry<Character, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), TocEntries.fromTarEntry(entry(e.getKey(), List.of())).type());
        }
    }

    @Test
    void otherTypeFlagsAreUnsupported() {
        for (char flag : new char[] {'7', 'g', 'S', 'D', 'V', 'x', 'L', '\0'}) {
            UnsupportedTarException e = assertThrows(UnsupportedTarException.class,
                    () -> TocEntries.fromTarEntry(entry(flag, List.of())));
            assertTrue(e.getMessage().contains("./some/path") && e.getMessage().contains("1536"), e.getMessage());
        }
    }

    @Test
    void headerOnlyTypesKeepTheirStoredSize() throws Exception {
        assertEquals(4096, TocEntries.fromTarEntry(entry('5', List.of())).uncompressedSize());
    }

    @Test
    void allPaxRecordsBecomeXattrsSortedBytewise() throws Exception {
        RawBytes binary = raw(0x01, 0x00, 0xff);
        List<PaxRecord> pax = List.of(
                new PaxRecord(raw("path"), raw("./some/path")),
                new PaxRecord(raw("SCHILY.xattr.security.capability"), binary),
                new PaxRecord(raw(0xc3, 0xa9), raw("e-acute")),
                new PaxRecord(raw("mtime"), raw("1700000000.25")),
                new PaxRecord(raw("SCHILY.xattr.user.empty"), RawBytes.EMPTY));
        List<Xattr> xattrs = TocEntries.fromTarEntry(entry('0', pax)).xattrs();
        assertEquals(List.of(
                new Xattr(raw("SCHILY.xattr.security.capability"), binary),
                new Xattr(raw("SCHILY.xattr.user.empty"), RawBytes.EMPTY),
                new Xattr(raw("mtime"), raw("1700000000.25")),
                new Xattr(raw("path"), raw("./some/path")),
                new Xattr(raw(0xc3, 0xa9), raw("e-acute"))), xattrs);
    }

    @Test
    void aRepeatedPaxKeyKeepsItsLastValueLikeGoMap() throws Exception {
        List<PaxRecord> pax = List.of(
                new PaxRecord(raw("SCHILY.xattr.user.a"), raw("first")),
                new PaxRecord(raw("comment"), raw("x")),
                new PaxRecord(raw("SCHILY.xattr.user.a"), raw("second")));
        assertEquals(List.of(new Xattr(raw("SCHILY.xattr.user.a"), raw("second")), new Xattr(raw("comment"), raw("x"))),
                TocEntries.fromTarEntry(entry('0', pax)).xattrs());
    }
}
