package dev.sociindex.tar;

import static dev.sociindex.testing.TarFixtureTrees.DEEP_FILE;
import static dev.sociindex.testing.TarFixtureTrees.LONG_SYMLINK_TARGET;
import static dev.sociindex.testing.TarFixtureTrees.SPLITTABLE_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.testing.TarFixtureTrees;
import dev.sociindex.testing.TarFixtureTrees.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GNU tar archives in all four formats, compared field by field with Python's tarfile, plus exact checks. */
class TarReaderGnuTarTest {
    private static final String[] BIG_OWNER = {"--owner=builder:3000000", "--group=builders:3000001"};

    @TempDir
    Path temp;

    @Test
    void gnuFormatUsesLongNameHeadersAndBase256Ids() throws Exception {
        Path tar = TarFixtureTrees.archive(TarFixtureTrees.create(temp, Variant.FULL), temp.resolve("gnu.tar"),
                "gnu", BIG_OWNER);
        OracleComparison.Result result = OracleComparison.readAndCompare(tar);
        assertCommonTree(result);
        assertFullTree(result);

        TarEntry deep = result.named("./" + DEEP_FILE);
        assertTrue(deep.headerOffset() <= deep.dataOffset() - 3 * 512, "GNU L header and its data precede it");
        assertTrue(deep.paxRecords().isEmpty());
        TarEntry hardLinkToDeep = result.named("./zz-hardlink-to-deep");
        assertTrue(hardLinkToDeep.headerOffset() <= hardLinkToDeep.dataOffset() - 3 * 512, "GNU K header");

        byte[] bytes = Files.readAllBytes(tar);
        TarEntry hello = result.named("./dir/hello.txt");
        assertEquals(3_000_000L, hello.uid());
        assertEquals(3_000_001L, hello.gid());
        assertEquals((byte) 0x80, bytes[(int) hello.dataOffset() - 512 + 108], "uid is base-256 in the header");
        assertEquals(0, hello.modTimeNanos(), "GNU format keeps whole seconds");
        assertTrue(result.position() < bytes.length, "GNU tar pads to a 10 KiB record; the reader stops before");
    }

    @Test
    void posixFormatUsesPaxRecords() throws Exception {
        Path tar = TarFixtureTrees.archive(TarFixtureTrees.create(temp, Variant.FULL), temp.resolve("posix.tar"),
                "posix", BIG_OWNER);
        OracleComparison.Result result = OracleComparison.readAndCompare(tar);
        assertCommonTree(result);
        assertFullTree(result);

        TarEntry deep = result.named("./" + DEEP_FILE);
        assertEquals(RawBytes.utf8("./" + DEEP_FILE), pax(deep, "path"));
        assertEquals(RawBytes.utf8(LONG_SYMLINK_TARGET), pax(result.named("./dir/longlink"), "linkpath"));
        TarEntry hello = result.named("./dir/hello.txt");
        assertEquals(TarFixtureTrees.HELLO_SECONDS, hello.modTimeSeconds());
        assertEquals(TarFixtureTrees.HELLO_NANOS, hello.modTimeNanos());
        assertEquals(RawBytes.utf8("3000000"), pax(hello, "uid"));
        assertEquals(3_000_000L, hello.uid());
    }

    @Test
    void ustarFormatSplitsLongNamesIntoPrefix() throws Exception {
        Path tar = TarFixtureTrees.archive(TarFixtureTrees.create(temp, Variant.USTAR), temp.resolve("ustar.tar"),
                "ustar");
        OracleComparison.Result result = OracleComparison.readAndCompare(tar);
        assertCommonTree(result);
        assertDevicesAndSpecialModes(result);

        TarEntry split = result.named("./" + SPLITTABLE_FILE);
        assertEquals(split.headerOffset() + 512, split.dataOffset(), "a single header block");
        byte[] bytes = Files.readAllBytes(tar);
        assertNotEquals(0, bytes[(int) split.headerOffset() + 345], "the header uses the prefix field");
        assertEquals(RawBytes.utf8("root"), split.userName());
    }

    @Test
    void v7FormatHasNoOwnerNames() throws Exception {
        Path tar = TarFixtureTrees.archive(TarFixtureTrees.create(temp, Variant.V7), temp.resolve("v7.tar"), "v7");
        OracleComparison.Result result = OracleComparison.readAndCompare(tar);
        assertCommonTree(result);
        for (TarEntry entry : result.entries()) {
            assertTrue(entry.userName().isEmpty() && entry.groupName().isEmpty(), "no uname/gname in V7");
        }
        // GNU tar writes V7 regular files with the legacy NUL type flag, which Go maps to '0'.
        byte[] bytes = Files.readAllBytes(tar);
        TarEntry hello = result.named("./dir/hello.txt");
        assertEquals(0, bytes[(int) hello.headerOffset() + 156], "raw type flag is NUL");
        assertEquals(TarTypes.REGULAR, hello.typeflag());
    }

    @Test
    void emptyArchiveEndsAfterTwoZeroBlocks() throws Exception {
        Path empty = temp.resolve("empty.tar");
        dev.sociindex.bench.ExternalTool.run(temp, "tar", "--format=gnu", "-cf", empty.toString(),
                "--files-from", "/dev/null");
        byte[] bytes = Files.readAllBytes(empty);
        OracleComparison.Result result = OracleComparison.readAll(bytes);
        assertTrue(result.entries().isEmpty());
        assertEquals(1024, result.position());
        assertEquals(10240, bytes.length, "GNU tar's record padding is not counted");
    }

    /** What every variant of the tree holds. */
    private static void assertCommonTree(OracleComparison.Result result) {
        TarEntry dir = result.named("./dir/");
        assertEquals(TarTypes.DIRECTORY, dir.typeflag());
        assertEquals(0, dir.size());

        TarEntry numbers = result.named("./dir/numbers.txt");
        assertEquals(TarTypes.REGULAR, numbers.typeflag());
        assertEquals(1092, numbers.size(), "seq 1 300");
        assertEquals(0640, numbers.mode());

        TarEntry hardLink = result.named("./dir/zz-hardlink");
        assertEquals(TarTypes.HARD_LINK, hardLink.typeflag());
        assertEquals(RawBytes.utf8("./dir/numbers.txt"), hardLink.linkName());
        assertEquals(0, hardLink.size());

        TarEntry symlink = result.named("./dir/symlink");
        assertEquals(TarTypes.SYMLINK, symlink.typeflag());
        assertEquals(RawBytes.utf8("../dir/hello.txt"), symlink.linkName());
        assertEquals(TarFixtureTrees.HELLO_SECONDS, result.named("./dir/hello.txt").modTimeSeconds());
    }

    private static void assertDevicesAndSpecialModes(OracleComparison.Result result) {
        TarEntry chardev = result.named("./dir/chardev");
        assertEquals(TarTypes.CHAR_DEVICE, chardev.typeflag());
        assertEquals(1, chardev.devMajor());
        assertEquals(3, chardev.devMinor());
        TarEntry blockdev = result.named("./dir/blockdev");
        assertEquals(TarTypes.BLOCK_DEVICE, blockdev.typeflag());
        assertEquals(7, blockdev.devMajor());
        assertEquals(200, blockdev.devMinor());
        assertEquals(TarTypes.FIFO, result.named("./dir/fifo").typeflag());

        for (String whiteout : new String[] {"./dir/.wh.foo", "./dir/.wh..wh..opq"}) {
            TarEntry entry = result.named(whiteout);
            assertEquals(TarTypes.REGULAR, entry.typeflag());
            assertEquals(0, entry.size());
        }
        assertEquals(04755, result.named("./dir/setuid").mode());
        assertEquals(02755, result.named("./dir/setgid").mode());
        assertEquals(01777, result.named("./dir/sticky/").mode());

        RawBytes badName = RawBytes.copyOf(HexFormat.of().parseHex("2e2f6469722f626164fffe6e616d65"));
        assertTrue(result.entries().stream().anyMatch(e -> e.name().equals(badName)), "./dir/bad\\xff\\xfename");
    }

    private static void assertFullTree(OracleComparison.Result result) {
        assertDevicesAndSpecialModes(result);
        TarEntry longLink = result.named("./dir/longlink");
        assertEquals(TarTypes.SYMLINK, longLink.typeflag());
        assertEquals(RawBytes.utf8(LONG_SYMLINK_TARGET), longLink.linkName());
        TarEntry hardLinkToDeep = result.named("./zz-hardlink-to-deep");
        assertEquals(TarTypes.HARD_LINK, hardLinkToDeep.typeflag());
        assertEquals(RawBytes.utf8("./" + DEEP_FILE), hardLinkToDeep.linkName());
        assertFalse(result.named("./" + DEEP_FILE).name().isEmpty());
        assertTrue(("./" + DEEP_FILE).length() > 255);
    }

    private static RawBytes pax(TarEntry entry, String key) {
        return entry.paxRecords().stream().filter(r -> r.key().equals(RawBytes.utf8(key))).map(PaxRecord::value)
                .findFirst().orElseThrow(() -> new AssertionError("no PAX record " + key + " on " + entry.name()));
    }
}
