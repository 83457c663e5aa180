package dev.sociindex.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.testing.PythonTarOracle;
import dev.sociindex.testing.PythonTarOracle.Member;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a tar file with {@link TarReader} and checks every field of every entry against Python's tarfile. */
final class OracleComparison {
    private static final int BLOCK = 512;

    /** Our entries and the reader's final position. */
    record Result(List<TarEntry> entries, long position) {
        TarEntry named(String name) {
            RawBytes wanted = RawBytes.utf8(name);
            return entries.stream().filter(e -> e.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new AssertionError("no entry named " + name + " in " + entries));
        }
    }

    private OracleComparison() {
    }

    static Result readAll(byte[] tar) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        List<TarEntry> entries = new ArrayList<>();
        for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
            entries.add(entry);
        }
        assertEquals(null, reader.next(), "the reader stays at the end");
        return new Result(entries, reader.position());
    }

    /**
     * Compares with Python, and checks the final position is just past the two zero blocks after the last entry's
     * padded data (which must be there: this is for complete archives).
     */
    static Result readAndCompare(Path tar) throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(tar);
        Result ours = readAll(bytes);
        List<Member> python = PythonTarOracle.list(tar);
        assertEquals(python.size(), ours.entries().size(), "number of entries in " + tar.getFileName());
        long endOfLastEntry = 0;
        for (int i = 0; i < python.size(); i++) {
            compare(python.get(i), ours.entries().get(i));
            Member member = python.get(i);
            long data = TarTypes.isHeaderOnly(ours.entries().get(i).typeflag()) ? 0 : member.size();
            endOfLastEntry = Math.max(endOfLastEntry, member.dataOffset() + roundUp(data));
        }
        long expectedEnd = endOfLastEntry + 2 * BLOCK;
        assertTrue(bytes.length >= expectedEnd, "archive holds the end-of-archive blocks");
        for (long i = endOfLastEntry; i < expectedEnd; i++) {
            assertEquals(0, bytes[(int) i], "end-of-archive blocks are zero at " + i);
        }
        assertEquals(expectedEnd, ours.position(), "position just past the two zero blocks");
        return ours;
    }

    private static void compare(Member python, TarEntry ours) {
        String where = "entry " + ours.name() + " at " + ours.headerOffset() + ": ";
        // Python strips trailing slashes from directory names and PAX paths; Go (and we) keep them.
        assertEquals(withoutTrailingSlashes(python.name()), withoutTrailingSlashes(ours.name()), where + "name");
        char pythonType = python.type() == 0 ? TarTypes.REGULAR : python.type();
        assertEquals(pythonType, ours.typeflag(), where + "type");
        assertEquals(python.headerOffset(), ours.headerOffset(), where + "header offset");
        assertEquals(python.dataOffset(), ours.dataOffset(), where + "data offset");
        assertEquals(python.size(), ours.size(), where + "size");
        assertEquals(python.linkName(), ours.linkName(), where + "link name");
        assertEquals(python.mode(), ours.mode(), where + "mode");
        assertEquals(python.uid(), ours.uid(), where + "uid");
        assertEquals(python.gid(), ours.gid(), where + "gid");
        assertEquals(python.userName(), ours.userName(), where + "uname");
        assertEquals(python.groupName(), ours.groupName(), where + "gname");
        assertEquals(python.modTimeSeconds(), ours.modTimeSeconds(), where + "mtime seconds");
        assertEquals(python.modTimeNanos(), ours.modTimeNanos(), where + "mtime nanoseconds");
        assertEquals(python.devMajor(), ours.devMajor(), where + "devmajor");
        assertEquals(python.devMinor(), ours.devMinor(), where + "devminor");
        assertEquals(python.paxRecords(), ours.paxRecords(), where + "PAX records");
    }

    private static RawBytes withoutTrailingSlashes(RawBytes name) {
        int end = name.length();
        while (end > 0 && name.byteAt(end - 1) == '/') {
            end--;
        }
        return RawBytes.copyOf(name.toByteArray(), 0, end);
    }

    static long roundUp(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }
}
