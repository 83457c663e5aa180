package dev.sociindex.tar;

import static dev.sociindex.testing.TarHeaderBuilder.concat;
import static dev.sociindex.testing.TarHeaderBuilder.data;
import static dev.sociindex.testing.TarHeaderBuilder.endOfArchive;
import static dev.sociindex.testing.TarHeaderBuilder.paxHeader;
import static dev.sociindex.testing.TarHeaderBuilder.paxRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.testing.TarHeaderBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-crafted headers for Go behaviour that no tool here writes, each asserted exactly. */
class TarReaderGoSemanticsTest {
    @Test
    void starHeaderUsesA131BytePrefix() throws IOException {
        String prefix = "s".repeat(131);
        byte[] star = TarHeaderBuilder.ustar("name", '0').prefix(prefix).text(508, 4, "tar\0").build();
        assertEquals(RawBytes.utf8(prefix + "/name"), single(star).name());
    }

    @Test
    void ustarHeaderUsesThe155BytePrefixAndIgnoresTheVersion() throws IOException {
        String prefix = "u".repeat(155);
        byte[] ustar = TarHeaderBuilder.ustar("name", '0').prefix(prefix).text(263, 2, "xx").build();
        assertEquals(RawBytes.utf8(prefix + "/name"), single(ustar).name());
    }

    @Test
    void gnuHeaderHasNoPrefixUnlessGoFallsBackForOldGoWriters() throws IOException {
        byte[] gnu = TarHeaderBuilder.gnu("name", '0').octal(345, 12, 1_600_000_000L).build();
        assertEquals(RawBytes.utf8("name"), single(gnu).name(), "atime there, not a prefix");
        // Go before 1.8 wrote a prefix into GNU headers; Go reads it back when atime does not parse.
        byte[] oldGo = TarHeaderBuilder.gnu("name", '0').prefix("old-go-prefix").build();
        assertEquals(RawBytes.utf8("old-go-prefix/name"), single(oldGo).name());
    }

    @Test
    void v7HeaderIgnoresUstarFields() throws IOException {
        byte[] v7 = TarHeaderBuilder.v7("name", '0').text(265, 32, "user").text(329, 8, "garbage").build();
        TarEntry entry = single(v7);
        assertEquals(RawBytes.EMPTY, entry.userName());
        assertEquals(0, entry.devMajor());
    }

    @Test
    void signedChecksumIsAccepted() throws IOException {
        byte[] header = TarHeaderBuilder.ustar("n\u00ff\u00fe", '0').buildWithSignedChecksum();
        assertEquals(RawBytes.copyOf(new byte[] {'n', (byte) 0xff, (byte) 0xfe}), single(header).name());
    }

    @Test
    void octalFieldsToleratePaddingAndBase256IsReadToo() throws IOException {
        byte[] header = TarHeaderBuilder.ustar("n", '0')
                .text(124, 12, "   12 \0")           // size 10 with leading spaces and a space terminator
                .text(100, 8, "  4755\0\0")          // mode
                .bytes(108, java.util.HexFormat.of().parseHex("80000000002dc6c0")) // uid 3000000, base-256
                .build();
        TarEntry entry = single(concat(header, data(new byte[10])));
        assertEquals(10, entry.size());
        assertEquals(04755, entry.mode());
        assertEquals(3_000_000, entry.uid());
    }

    @Test
    void legacyNulTypeBecomesDirectoryOrRegularFile() throws IOException {
        assertEquals(TarTypes.DIRECTORY, single(TarHeaderBuilder.v7("d/", '\0').build()).typeflag());
        assertEquals(TarTypes.REGULAR, single(TarHeaderBuilder.v7("f", '\0').build()).typeflag());
        // The trailing '/' may come from a PAX path.
        byte[] viaPax = concat(paxHeader(paxRecord("path", ascii("long/dir/"))),
                TarHeaderBuilder.v7("x", (char) 0).build());
        assertEquals(TarTypes.DIRECTORY, single(viaPax).typeflag());
    }

    @Test
    void gnuLongNamesWinOverPaxAndEmptyOnesAreIgnored() throws IOException {
        byte[] tar = concat(
                paxHeader(concat(paxRecord("path", ascii("pax-name")), paxRecord("linkpath", ascii("pax-link")))),
                longHeader('L', "gnu-name"),
                longHeader('K', ""),
                TarHeaderBuilder.gnu("short", '2').linkName("short-link").build());
        TarEntry entry = single(tar);
        assertEquals(RawBytes.utf8("gnu-name"), entry.name());
        assertEquals(RawBytes.utf8("pax-link"), entry.linkName(), "the empty GNU K is ignored");
        assertEquals(0, entry.headerOffset());
        assertEquals(7 * 512, entry.dataOffset(), "x + data, L + data, K + data, header");
    }

    @Test
    void onlyTheLastPaxHeaderAppliesAndOnlyToTheNextEntry() throws IOException {
        byte[] tar = concat(
                paxHeader(paxRecord("uname", ascii("first"))),
                paxHeader(paxRecord("gname", ascii("second"))),
                TarHeaderBuilder.ustar("one", '0').build(),
                TarHeaderBuilder.ustar("two", '0').build(), endOfArchive());
        List<TarEntry> entries = OracleComparison.readAll(tar).entries();
        assertEquals(RawBytes.utf8("user"), entries.get(0).userName());
        assertEquals(RawBytes.utf8("second"), entries.get(0).groupName());
        assertEquals(List.of(new PaxRecord(RawBytes.utf8("gname"), RawBytes.utf8("second"))),
                entries.get(0).paxRecords());
        assertEquals(RawBytes.utf8("group"), entries.get(1).groupName());
        assertEquals(List.of(), entries.get(1).paxRecords());
    }

    @Test
    void duplicatePaxKeysKeepTheLastValueAtTheFirstPosition() throws IOException {
        byte[] tar = concat(paxHeader(concat(paxRecord("uid", ascii("1")), paxRecord("mtime", ascii("5.25")),
                paxRecord("uid", ascii("2")))), TarHeaderBuilder.ustar("n", '0').build());
        TarEntry entry = single(tar);
        assertEquals(2, entry.uid());
        assertEquals(5, entry.modTimeSeconds());
        assertEquals(250_000_000, entry.modTimeNanos());
        assertEquals(List.of(new PaxRecord(RawBytes.utf8("uid"), RawBytes.utf8("2")),
                new PaxRecord(RawBytes.utf8("mtime"), RawBytes.utf8("5.25"))), entry.paxRecords());
    }

    @Test
    void emptyPaxValueKeepsTheHeaderValueButIsRecorded() throws IOException {
        byte[] tar = concat(paxHeader(concat(paxRecord("uname", new byte[0]), paxRecord("size", new byte[0]))),
                TarHeaderBuilder.ustar("n", '0').size(3).build(), data(ascii("abc")));
        TarEntry entry = single(tar);
        assertEquals(RawBytes.utf8("user"), entry.userName());
        assertEquals(3, entry.size());
        assertEquals(2, entry.paxRecords().size());
    }

    @Test
    void paxSizeDecidesHowMuchDataIsSkipped() throws IOException {
        byte[] tar = concat(paxHeader(paxRecord("size", ascii("600"))), TarHeaderBuilder.ustar("n", '0').build(),
                data(new byte[600]), TarHeaderBuilder.ustar("after", '0').build(), endOfArchive());
        List<TarEntry> entries = OracleComparison.readAll(tar).entries();
        assertEquals(600, entries.get(0).size());
        assertEquals(RawBytes.utf8("after"), entries.get(1).name());
        assertEquals(5 * 512, entries.get(1).headerOffset());
    }

    @Test
    void unknownSparseVersionIsAPlainFileAsInGo() throws IOException {
        byte[] tar = concat(paxHeader(concat(paxRecord("GNU.sparse.major", ascii("2")),
                paxRecord("GNU.sparse.minor", ascii("0")))), TarHeaderBuilder.ustar("n", '0').build());
        assertEquals(2, single(tar).paxRecords().size());
    }

    @Test
    void gnuSparse00PairsAreFoldedIntoAMapAsGoDoes() throws IOException {
        byte[] tar = concat(paxHeader(concat(paxRecord("GNU.sparse.major", ascii("9")),
                paxRecord("GNU.sparse.offset", ascii("0")), paxRecord("GNU.sparse.numbytes", ascii("5")),
                paxRecord("GNU.sparse.offset", ascii("100")), paxRecord("GNU.sparse.numbytes", ascii("7")))),
                TarHeaderBuilder.ustar("n", '0').build());
        assertEquals(List.of(new PaxRecord(RawBytes.utf8("GNU.sparse.major"), RawBytes.utf8("9")),
                new PaxRecord(RawBytes.utf8("GNU.sparse.map"), RawBytes.utf8("0,5,100,7"))),
                single(tar).paxRecords());
    }

    private static byte[] longHeader(char type, String content) {
        byte[] bytes = (content + "\0").getBytes(StandardCharsets.US_ASCII);
        return concat(TarHeaderBuilder.gnu("././@LongLink", type).size(bytes.length).build(), data(bytes));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The only entry of an archive made of these blocks plus the end marker. */
    private static TarEntry single(byte[] blocks) throws IOException {
        List<TarEntry> entries = OracleComparison.readAll(concat(blocks, endOfArchive())).entries();
        assertEquals(1, entries.size());
        return entries.get(0);
    }
}
