package dev.sociindex.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bench.ExternalTool;
import dev.sociindex.bytes.RawBytes;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by Python's tarfile (PAX with binary values) and Apache Commons Compress (STAR base-256). */
class TarReaderOtherWritersTest {
    /** A file capability xattr value: not UTF-8, holds 0x00 and 0xff, plus '\n', '=' and ' ' for good measure. */
    private static final String CAPABILITY_HEX = "0100000200300000000000000000ff00fe0a3d20";

    private static final String PYTHON_WRITER = """
            import io, sys, tarfile
            def raw(hexstring):
                return bytes.fromhex(hexstring).decode('utf-8', 'surrogateescape')
            def add(archive, name, kind=tarfile.REGTYPE, data=b'', pax=None, **fields):
                info = tarfile.TarInfo(name)
                info.type = kind
                info.size = len(data)
                info.mtime = 1700000000
                for key, value in fields.items():
                    setattr(info, key, value)
                info.pax_headers = pax or {}
                archive.addfile(info, io.BytesIO(data))
            with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT,
                              encoding='utf-8', errors='surrogateescape') as archive:
                add(archive, 'usr/bin/ping', data=b'ping' * 100, mode=0o4755, pax={
                    'SCHILY.xattr.security.capability': raw(sys.argv[2]),
                    'SCHILY.xattr.user.empty': '',
                    'mtime': '1700000000.123456789',
                    'comment': 'two\\nlines and a \\x00 NUL'})
                add(archive, raw('6e6f6e2dff fe2d75746638'.replace(' ', '')), data=b'x')
                add(archive, 'before-epoch', pax={'mtime': '-1.5'})
                add(archive, 'more-digits', pax={'mtime': '1.1234567899'})
                add(archive, 'long/' + 'q' * 300, data=b'long name')
                add(archive, 'somedir', kind=tarfile.DIRTYPE, mode=0o755)
                add(archive, 'link', kind=tarfile.SYMTYPE, linkname='l' * 200)
                add(archive, 'tty', kind=tarfile.CHRTYPE, devmajor=4, devminor=64)
                add(archive, 'big-ids', uid=3000000, gid=4000000, uname='u' * 40, data=b'ids')
            """;

    @TempDir
    Path temp;

    @Test
    void pythonPaxArchiveKeepsRawBinaryValues() throws Exception {
        Path tar = temp.resolve("python.tar");
        ExternalTool.run(temp, "python3", "-c", PYTHON_WRITER, tar.toString(), CAPABILITY_HEX);
        OracleComparison.Result result = OracleComparison.readAndCompare(tar);

        TarEntry ping = result.named("usr/bin/ping");
        assertEquals(04755, ping.mode());
        assertEquals(1_700_000_000L, ping.modTimeSeconds());
        assertEquals(123_456_789, ping.modTimeNanos());
        assertEquals(RawBytes.copyOf(HexFormat.of().parseHex(CAPABILITY_HEX)),
                pax(ping, "SCHILY.xattr.security.capability"));
        assertEquals(RawBytes.EMPTY, pax(ping, "SCHILY.xattr.user.empty"));
        assertEquals(RawBytes.utf8("two\nlines and a \0 NUL"), pax(ping, "comment"));
        assertEquals(RawBytes.utf8("BINARY"), pax(ping, "hdrcharset"), "Python marks non-UTF-8 values");

        RawBytes nonUtf8 = RawBytes.copyOf(HexFormat.of().parseHex("6e6f6e2dfffe2d75746638"));
        assertTrue(result.entries().stream().anyMatch(e -> e.name().equals(nonUtf8)), "non-UTF-8 PAX path");

        TarEntry beforeEpoch = result.named("before-epoch");
        assertEquals(-2, beforeEpoch.modTimeSeconds(), "-1.5 s is -2 s + 0.5 s");
        assertEquals(500_000_000, beforeEpoch.modTimeNanos());
        TarEntry moreDigits = result.named("more-digits");
        assertEquals(1, moreDigits.modTimeSeconds());
        assertEquals(123_456_789, moreDigits.modTimeNanos(), "truncated, not rounded");

        assertEquals(9, result.named("long/" + "q".repeat(300)).size());
        assertEquals(TarTypes.DIRECTORY, result.named("somedir/").typeflag());
        assertEquals(RawBytes.utf8("l".repeat(200)), result.named("link").linkName());
        TarEntry tty = result.named("tty");
        assertEquals(TarTypes.CHAR_DEVICE, tty.typeflag());
        assertEquals(4, tty.devMajor());
        assertEquals(64, tty.devMinor());
        TarEntry bigIds = result.named("big-ids");
        assertEquals(3_000_000L, bigIds.uid());
        assertEquals(4_000_000L, bigIds.gid());
        assertEquals(RawBytes.utf8("u".repeat(40)), bigIds.userName());
    }

    @Test
    void commonsCompressStarNumbersAndGnuLongNames() throws Exception {
        Path tar = temp.resolve("commons.tar");
        String longName = "commons/" + "c".repeat(150) + "/file.txt";
        try (OutputStream file = Files.newOutputStream(tar);
                TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            write(out, longName, Instant.ofEpochSecond(1_600_000_000L), 0, "long".getBytes(StandardCharsets.UTF_8));
            write(out, "before-1970", Instant.ofEpochSecond(-100_000L), 0, new byte[0]);
            write(out, "huge-uid", Instant.ofEpochSecond(1_600_000_000L), 9_000_000_000L, new byte[1000]);
        }
        OracleComparison.Result result = OracleComparison.readAndCompare(tar);
        assertEquals(4, result.named(longName).size());
        assertEquals(-100_000L, result.named("before-1970").modTimeSeconds(), "negative base-256 mtime");
        assertEquals(9_000_000_000L, result.named("huge-uid").uid(), "base-256 uid");
        byte[] bytes = Files.readAllBytes(tar);
        TarEntry beforeEpoch = result.named("before-1970");
        assertEquals((byte) 0xff, bytes[(int) beforeEpoch.headerOffset() + 136], "mtime field is negative base-256");
    }

    private static void write(TarArchiveOutputStream out, String name, Instant mtime, long uid, byte[] data)
            throws java.io.IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setLastModifiedTime(java.nio.file.attribute.FileTime.from(mtime));
        entry.setUserId(uid);
        out.putArchiveEntry(entry);
        out.write(data);
        out.closeArchiveEntry();
    }

    private static RawBytes pax(TarEntry entry, String key) {
        List<RawBytes> values = entry.paxRecords().stream().filter(r -> r.key().equals(RawBytes.utf8(key)))
                .map(PaxRecord::value).toList();
        assertEquals(1, values.size(), "one PAX record " + key + " on " + entry.name());
        return values.get(0);
    }
}
