package dev.sociindex.tar;

import static dev.sociindex.testing.TarHeaderBuilder.concat;
import static dev.sociindex.testing.TarHeaderBuilder.data;
import static dev.sociindex.testing.TarHeaderBuilder.endOfArchive;
import static dev.sociindex.testing.TarHeaderBuilder.paxHeader;
import static dev.sociindex.testing.TarHeaderBuilder.paxRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.testing.TarHeaderBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed streams fail with a TarFormatException naming the offset; unindexable ones are Unsupported. */
class TarReaderBadInputTest {
    private static final byte[] FILE = concat(TarHeaderBuilder.ustar("file", '0').size(5).build(),
            data("hello".getBytes(StandardCharsets.US_ASCII)));

    @TempDir
    Path temp;

    @Test
    void badChecksumNamesTheHeaderOffset() {
        byte[] bad = TarHeaderBuilder.ustar("second", '0').checksum(1234).build();
        TarFormatException e = assertFormatError(concat(FILE, bad, endOfArchive()));
        assertTrue(e.getMessage().contains("checksum mismatch: stored 1234, computed "), e.getMessage());
        assertTrue(e.getMessage().endsWith("at uncompressed offset 1024"), e.getMessage());
    }

    @Test
    void corruptedRealArchiveFailsAtTheCorruptedHeader() throws Exception {
        ExternalTool.bash(temp, "mkdir t && echo one > t/one && echo two > t/two && tar -cf t.tar -C t one two");
        byte[] bytes = Files.readAllBytes(temp.resolve("t.tar"));
        bytes[1024] ^= 0x01; // first byte of the second header's name
        assertTrue(assertFormatError(bytes).getMessage().endsWith("checksum mismatch: stored "
                + checksumOf(bytes, 1024) + ", computed " + (unsignedSum(bytes, 1024)) + " (unsigned) / "
                + unsignedSum(bytes, 1024) + " (signed) at uncompressed offset 1024"));
    }

    @Test
    void truncatedHeader() {
        TarFormatException e = assertFormatError(Arrays.copyOf(concat(FILE, FILE), 1024 + 100));
        assertEquals("tar header truncated: stream ended after 100 of 512 bytes at uncompressed offset 1024",
                e.getMessage());
    }

    @Test
    void truncatedData() {
        byte[] big = concat(TarHeaderBuilder.ustar("big", '0').size(2000).build(), new byte[1000]);
        TarFormatException e = assertFormatError(big);
        assertEquals("tar entry data truncated: 2000 bytes expected, stream ended after 1000 at uncompressed "
                + "offset 512", e.getMessage());
    }

    @Test
    void truncatedPaxData() {
        byte[] header = TarHeaderBuilder.ustar("PaxHeaders/file", 'x').size(100).build();
        TarFormatException e = assertFormatError(concat(header, new byte[40]));
        assertTrue(e.getMessage().startsWith("PAX extended header data truncated"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "99 path=foo\n", // longer than the data
        "3 a=\n",        // shorter than the minimum of 5
        "10 path=fo\n",  // length one too short: no newline where it must be
        "6 =ab\n",       // empty key
        "12 noequals\n", // no '='
        "x5 a=b\n",      // length not a number
        "5 a=b",         // no newline at the end of the data
        "-5 a=b\n",      // negative length
    })
    void malformedPaxRecords(String records) {
        byte[] tar = concat(paxHeader(records.getBytes(StandardCharsets.ISO_8859_1)), FILE, endOfArchive());
        TarFormatException e = assertFormatError(tar);
        assertTrue(e.getMessage().startsWith("malformed PAX record at byte 0"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at uncompressed offset 0"), e.getMessage());
    }

    @Test
    void nulInAPaxPathIsMalformedButFineInOtherValues() throws IOException {
        byte[] nulPath = concat(paxHeader(paxRecord("path", "a\0b".getBytes(StandardCharsets.US_ASCII))), FILE);
        assertTrue(assertFormatError(nulPath).getMessage().contains("record path contains a NUL byte"));
        byte[] nulComment = concat(paxHeader(paxRecord("comment", "a\0b".getBytes(StandardCharsets.US_ASCII))),
                FILE, endOfArchive());
        assertEquals(1, OracleComparison.readAll(nulComment).entries().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"uid=abc", "gid=1.5", "size=+", "uid=99999999999999999999", "mtime=1.5x", "atime=x", "ctime=.5"})
    void invalidPaxNumbers(String record) {
        String[] keyValue = record.split("=", 2);
        byte[] tar = concat(paxHeader(paxRecord(keyValue[0], keyValue[1].getBytes(StandardCharsets.US_ASCII))),
                FILE, endOfArchive());
        TarFormatException e = assertFormatError(tar);
        assertTrue(e.getMessage().startsWith("invalid PAX record '" + keyValue[0] + "'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at uncompressed offset 1024"), e.getMessage());
    }

    @Test
    void negativeSizeInBase256() {
        byte[] minusOne = new byte[12];
        Arrays.fill(minusOne, (byte) 0xff);
        byte[] header = TarHeaderBuilder.gnu("negative", '0').bytes(124, minusOne).build();
        assertEquals("negative size -1 in tar header at uncompressed offset 0",
                assertFormatError(concat(header, endOfArchive())).getMessage());
    }

    @Test
    void negativeSizeFromPax() {
        byte[] tar = concat(paxHeader(paxRecord("size", "-5".getBytes(StandardCharsets.US_ASCII))), FILE);
        assertTrue(assertFormatError(tar).getMessage().startsWith("negative size -5 for entry file"));
    }

    @Test
    void zeroBlockFollowedByAHeader() {
        TarFormatException e = assertFormatError(concat(FILE, new byte[512], FILE));
        assertEquals("a zero block is followed by a non-zero block at uncompressed offset 1536", e.getMessage());
    }

    @Test
    void metaHeaderDataOverOneMebibyte() {
        byte[] pax = TarHeaderBuilder.ustar("PaxHeaders/file", 'x').size((1 << 20) + 1).build();
        assertTrue(assertFormatError(concat(FILE, pax)).getMessage()
                .startsWith("PAX extended header of 1048577 bytes exceeds the limit of 1048576"));
        byte[] longName = TarHeaderBuilder.gnu("././@LongLink", 'L').size(1L << 32).build();
        assertTrue(assertFormatError(longName).getMessage().startsWith("GNU long name of 4294967296 bytes"));
    }

    @Test
    void globalPaxHeaderIsUnsupported() throws Exception {
        Path tar = temp.resolve("global.tar");
        ExternalTool.run(temp, "python3", "-c", """
                import io, sys, tarfile
                with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT, pax_headers={'comment': 'g'}) as t:
                    info = tarfile.TarInfo('file')
                    t.addfile(info, io.BytesIO(b''))
                """, tar.toString());
        UnsupportedTarException e = assertUnsupported(Files.readAllBytes(tar));
        assertTrue(e.getMessage().startsWith("PAX global extended header ('g') at uncompressed offset 0"),
                e.getMessage());
    }

    @Test
    void oldGnuSparseIsUnsupported() throws Exception {
        byte[] tar = sparseArchive("--format=gnu");
        UnsupportedTarException e = assertUnsupported(tar);
        assertTrue(e.getMessage().startsWith("type flag 'S' cannot be indexed: entry ./sparse"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0", "0.1", "1.0"})
    void paxSparseIsUnsupported(String version) throws Exception {
        byte[] tar = sparseArchive("--format=posix", "--sparse-version=" + version);
        UnsupportedTarException e = assertUnsupported(tar);
        // GNU tar writes explicit version records only for 1.0; Go recognises 0.x by the (folded) map.
        String expected = version.equals("1.0") ? "1.0" : "0.x";
        assertTrue(e.getMessage().startsWith("PAX GNU sparse file (format " + expected + ")"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(chars = {'5', '1', '2', '3', '4', '6'})
    void headerOnlyEntryWithSizeIsUnsupported(char typeflag) {
        byte[] dir = TarHeaderBuilder.ustar("entry", typeflag).size(4096).build();
        UnsupportedTarException e = assertUnsupported(concat(FILE, dir, endOfArchive()));
        assertEquals("header-only entry with non-zero size 4096: entry entry (type '" + typeflag
                + "') at uncompressed offset 1024", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(chars = {'7', 'D', 'V', 'M', 'S', 'N', 'Z', 'A'})
    void otherTypesAreUnsupported(char typeflag) {
        byte[] header = TarHeaderBuilder.gnu("odd", typeflag).build();
        UnsupportedTarException e = assertUnsupported(concat(header, endOfArchive()));
        assertEquals("type flag '" + typeflag + "' cannot be indexed: entry odd (type '" + typeflag
                + "') at uncompressed offset 0", e.getMessage());
    }

    @Test
    void readerStaysFailed() throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(
                TarHeaderBuilder.ustar("bad", '0').checksum(1).build()));
        assertThrows(TarFormatException.class, reader::next);
        IllegalStateException again = assertThrows(IllegalStateException.class, reader::next);
        assertTrue(again.getMessage().startsWith("tar reader already failed: tar header checksum mismatch"));
    }

    /** A 1 MiB file with a single data block in the middle, archived with --sparse. */
    private byte[] sparseArchive(String... options) throws Exception {
        ExternalTool.bash(temp, """
                mkdir -p s && rm -f s.tar
                truncate -s 1M s/sparse
                printf 'data' | dd of=s/sparse bs=1 seek=524288 conv=notrunc status=none
                """);
        String[] command = new String[options.length + 7];
        command[0] = "tar";
        System.arraycopy(options, 0, command, 1, options.length);
        System.arraycopy(new String[] {"--sparse", "-cf", "s.tar", "-C", "s", "./sparse"}, 0, command,
                options.length + 1, 6);
        ExternalTool.run(temp, command);
        return Files.readAllBytes(temp.resolve("s.tar"));
    }

    private static TarFormatException assertFormatError(byte[] tar) {
        return assertThrows(TarFormatException.class, () -> OracleComparison.readAll(tar));
    }

    private static UnsupportedTarException assertUnsupported(byte[] tar) {
        return assertThrows(UnsupportedTarException.class, () -> OracleComparison.readAll(tar));
    }

    private static long checksumOf(byte[] bytes, int header) {
        return Long.parseLong(new String(bytes, header + 148, 6, StandardCharsets.US_ASCII).trim(), 8);
    }

    private static long unsignedSum(byte[] bytes, int header) {
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : bytes[header + i] & 0xff;
        }
        return sum;
    }
}
