package dev.sociindex.ztoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sociindex.bytes.RawBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact TOC gives back every entry exactly as it was added, whatever its values. */
class FileTableTest {
    private static final String[] TYPES = {"reg", "dir", "symlink", "hardlink", "char", "block", "fifo"};

    @Test
    void everyEntryComesBackEqualIncludingExtremeValues() {
        List<FileMetadata> added = new ArrayList<>();
        added.add(new FileMetadata(RawBytes.EMPTY, "reg", 0, 0, RawBytes.EMPTY, 0, 0, 0, RawBytes.EMPTY, RawBytes.EMPTY,
                "", 0, 0, List.of()));
        added.add(new FileMetadata(RawBytes.utf8("bin/\u00e9t\u00e9"), "char", Long.MAX_VALUE, Long.MIN_VALUE,
                RawBytes.copyOf(new byte[] {(byte) 0xff, 0, 1}), -1, 0xffffffffL, -42, RawBytes.utf8("root"),
                RawBytes.utf8("wheel"), "2024-01-02T03:04:05.123456789Z", -7, Long.MAX_VALUE,
                List.of(new Xattr(RawBytes.utf8("SCHILY.xattr.security.capability"), RawBytes.copyOf(new byte[] {1, 0, 0, 2})),
                        new Xattr(RawBytes.utf8("path"), RawBytes.EMPTY))));
        // larger than a chunk: gets a chunk of its own, and the next entry goes on after it
        added.add(new FileMetadata(RawBytes.copyOf(new byte[3 << 20]), "dir", 1, 2, RawBytes.EMPTY, 0755, 1, 1,
                RawBytes.utf8("root"), RawBytes.utf8("root"), "1970-01-01T00:00:00Z", 0, 0, List.of()));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            // more distinct owners and times than the tables keep: the rest are stored inline
            String owner = i % 3 == 0 ? "user-" + i : "root";
            added.add(new FileMetadata(RawBytes.utf8("usr/share/doc/pkg-" + i + "/README"), TYPES[i % TYPES.length],
                    random.nextLong(1L << 40), random.nextLong(1L << 30), i % 5 == 0 ? RawBytes.utf8("../target-" + i) : RawBytes.EMPTY,
                    random.nextInt(1 << 16), random.nextLong(1L << 33), i % 7, RawBytes.utf8(owner), RawBytes.utf8(owner),
                    GoTimeText.marshalText(1_700_000_000L + i, i % 2 == 0 ? 0 : i), i % 11, i % 13,
                    i % 17 == 0 ? List.of(new Xattr(RawBytes.utf8("SCHILY.xattr.user.n"), RawBytes.utf8("v" + i))) : List.of()));
        }
        FileTable.Builder builder = new FileTable.Builder();
        added.forEach(builder::add);
        FileTable table = builder.build();

        assertEquals(added.size(), table.size());
        for (int i = 0; i < added.size(); i++) {
            assertEquals(added.get(i), table.get(i), "entry " + i);
        }
        assertEquals(added, table);
        assertThrows(IndexOutOfBoundsException.class, () -> table.get(added.size()));
        assertThrows(UnsupportedOperationException.class, () -> table.add(added.getFirst()));
    }

    @Test
    void aZtocKeepsTheTableAsItIsAndWritesTheSameBytesAsFromAList() {
        List<FileMetadata> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.add(new FileMetadata(RawBytes.utf8("etc/file-" + i), "reg", 512L * (2 * i + 1), i, RawBytes.EMPTY, 0644,
                    0, 0, RawBytes.utf8("root"), RawBytes.utf8("root"), "2023-11-14T22:13:20Z", 0, 0, List.of()));
        }
        FileTable.Builder builder = new FileTable.Builder();
        files.forEach(builder::add);
        FileTable table = builder.build();
        CompressionInfo info = new CompressionInfo(CompressionAlgorithm.GZIP, 0, List.of(), new byte[] {1, 2, 3});
        Ztoc fromTable = new Ztoc(Ztoc.VERSION, "test", 1000, 2000, table, info);
        assertSame(table, fromTable.files(), "not copied back into objects");
        assertArrayEquals(ZtocWriter.write(new Ztoc(Ztoc.VERSION, "test", 1000, 2000, files, info)), ZtocWriter.write(fromTable));
    }

    @Test
    void refusesATypeTheZtocHasNoCodeFor() {
        FileMetadata odd = new FileMetadata(RawBytes.utf8("x"), "socket", 0, 0, RawBytes.EMPTY, 0, 0, 0, RawBytes.EMPTY,
                RawBytes.EMPTY, "", 0, 0, List.of());
        assertThrows(IllegalArgumentException.class, () -> new FileTable.Builder().add(odd));
    }
}
