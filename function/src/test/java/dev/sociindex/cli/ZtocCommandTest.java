package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.bench.ExternalTool;
import dev.sociindex.contract.Defaults;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.PythonTarOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ztoc build} and {@code ztoc info} on layers made by GNU tar, gzip and zstd. */
class ZtocCommandTest {
    private static final int SPAN_SIZE = 128 << 10;

    @TempDir
    static Path work;
    static Path tar;
    static Path gzipLayer;

    @BeforeAll
    static void makeLayer() throws Exception {
        Path root = Files.createDirectories(work.resolve("root/app/lib"));
        Files.write(root.resolve("data.bin"), Encoders.mixedData(11, 700_000));
        Files.write(root.getParent().resolve("notes.txt"), Encoders.mixedData(12, 450_000));
        Files.write(root.getParent().resolve("empty"), new byte[0]);
        Files.createSymbolicLink(root.getParent().resolve("link"), Path.of("notes.txt"));
        ExternalTool.run(work, "tar", "--sort=name", "-cf", "layer.tar", "-C", "root", ".");
        ExternalTool.run(work, "gzip", "-9", "-n", "-k", "layer.tar");
        tar = work.resolve("layer.tar");
        gzipLayer = work.resolve("layer.tar.gz");
    }

    @Test
    void buildWritesAZtocWhoseInfoMatchesTheTarAndItsSpans() throws Exception {
        Path ztocFile = work.resolve("layer.ztoc");
        Cli.Result build = Cli.run("ztoc", "build", "--span-size", String.valueOf(SPAN_SIZE), "-o", ztocFile.toString(),
                gzipLayer.toString());
        assertEquals(0, build.exit(), build::toString);
        assertEquals("", build.out());
        assertTrue(Files.size(ztocFile) > 0);

        Cli.Result info = Cli.run("ztoc", "info", ztocFile.toString());
        assertEquals(0, info.exit(), info::toString);
        JsonNode json = new ObjectMapper().readTree(info.out());
        assertEquals(sha256(Files.readAllBytes(ztocFile)), json.get("digest").asText());
        assertEquals("0.9", json.get("version").asText());
        assertEquals(Defaults.BUILD_TOOL_IDENTIFIER, json.get("buildTool").asText());
        assertEquals("gzip", json.get("compression").asText());
        assertEquals(Files.size(gzipLayer), json.get("compressedArchiveSize").asLong());
        long tarEnd = endOfArchive(PythonTarOracle.list(tar));
        assertTrue(tarEnd < Files.size(tar), "GNU tar pads to a 10 KiB record; the zTOC must not count the padding");
        assertEquals(tarEnd, json.get("uncompressedArchiveSize").asLong());

        long[] spanStarts = checkSpans(json, tarEnd);
        checkFilesAgainstPython(json.get("files"), spanStarts);
    }

    /** Where Go's tar reader stops: past the last member's padded data and the two zero blocks. */
    private static long endOfArchive(List<PythonTarOracle.Member> members) {
        long end = 0;
        for (PythonTarOracle.Member m : members) {
            end = Math.max(end, m.dataOffset() + (m.size() + 511) / 512 * 512);
        }
        return end + 1024;
    }

    /** The spans as checkpoints must lie: first right after the gzip header, then each more than a span size on. */
    private static long[] checkSpans(JsonNode json, long uncompressedSize) {
        JsonNode spans = json.get("spans");
        int count = json.get("spanCount").asInt();
        assertEquals(count, spans.size());
        assertTrue(count >= uncompressedSize / SPAN_SIZE - 1, "too few spans: " + count);
        assertEquals(0, spans.get(0).get("uncompressedOffset").asLong());
        assertEquals(10, spans.get(0).get("compressedOffset").asLong(), "first checkpoint follows the 10-byte gzip header");
        long[] starts = new long[count];
        for (int i = 0; i < count; i++) {
            JsonNode span = spans.get(i);
            assertEquals(i, span.get("id").asInt());
            starts[i] = span.get("uncompressedOffset").asLong();
            if (i > 0) {
                assertTrue(starts[i] - starts[i - 1] > SPAN_SIZE, "span " + (i - 1) + " is not longer than the span size");
                assertTrue(span.get("compressedOffset").asLong() > spans.get(i - 1).get("compressedOffset").asLong());
            }
        }
        assertTrue(starts[count - 1] < uncompressedSize);
        return starts;
    }

    private static void checkFilesAgainstPython(JsonNode files, long[] spanStarts) throws Exception {
        Map<String, PythonTarOracle.Member> members = new HashMap<>();
        for (PythonTarOracle.Member m : PythonTarOracle.list(tar)) {
            members.put(m.name().utf8String(), m);
        }
        assertEquals(members.size(), files.size());
        int withData = 0;
        for (JsonNode file : files) {
            String name = file.get("name").asText();
            // Python strips the trailing '/' of directory names
            PythonTarOracle.Member m = members.get(name.endsWith("/") && name.length() > 1 ? name.substring(0, name.length() - 1) : name);
            assertTrue(m != null, "no tar member " + name);
            assertEquals(m.dataOffset(), file.get("offset").asLong(), name);
            assertEquals(m.size(), file.get("size").asLong(), name);
            assertEquals(switch (m.type()) {
                case '0' -> "reg";
                case '2' -> "symlink";
                case '5' -> "dir";
                default -> "type " + m.type();
            }, file.get("type").asText(), name);
            int start = file.get("startSpan").asInt();
            int end = file.get("endSpan").asInt();
            assertEquals(spanContaining(spanStarts, m.dataOffset()), start, name);
            if (m.size() > 0) {
                withData++;
                assertEquals(spanContaining(spanStarts, m.dataOffset() + m.size() - 1), end, name);
            } else {
                assertEquals(start, end, name);
            }
        }
        assertEquals(2, withData, "data.bin and notes.txt have bytes");
        JsonNode big = find(files, "./app/lib/data.bin");
        assertTrue(big.get("endSpan").asInt() - big.get("startSpan").asInt() >= 3, "700 kB span several 128 KiB spans");
        assertEquals("notes.txt", find(files, "./app/link").get("linkName").asText());
    }

    private static int spanContaining(long[] starts, long offset) {
        int span = 0;
        while (span + 1 < starts.length && starts[span + 1] <= offset) {
            span++;
        }
        return span;
    }

    private static JsonNode find(JsonNode files, String name) {
        for (JsonNode file : files) {
            if (file.get("name").asText().equals(name)) {
                return file;
            }
        }
        throw new AssertionError("no file " + name + " in " + files);
    }

    @Test
    void aZstdLayerIsSkippedWithExitThreeAndTheReason() throws Exception {
        ExternalTool.run(work, "zstd", "-q", "-f", "layer.tar", "-o", "layer.tar.zst");
        Path out = work.resolve("zstd.ztoc");
        Cli.Result result = Cli.run("ztoc", "build", "--media-type", "application/vnd.oci.image.layer.v1.tar+zstd",
                "-o", out.toString(), work.resolve("layer.tar.zst").toString());
        assertEquals(3, result.exit(), result::toString);
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().contains("layer.tar.zst skipped: zstd"), result.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aCorruptLayerFailsWithOneLineNamingTheFileAndTheCompressedOffset() throws Exception {
        byte[] bytes = Files.readAllBytes(gzipLayer);
        // a reserved block type (BTYPE 11) at the very first deflate block: invalid from the first bit
        bytes[10] = (byte) 0x07;
        Path corrupt = Files.write(work.resolve("corrupt.tar.gz"), bytes);
        Cli.Result result = Cli.run("ztoc", "build", "-o", work.resolve("corrupt.ztoc").toString(), corrupt.toString());
        assertEquals(1, result.exit(), result::toString);
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().startsWith("soci-builder ztoc build: " + corrupt + ": "), result.err());
        assertTrue(result.err().contains("compressed offset 10"), result.err());
    }

    @Test
    void aMissingLayerFileIsOneLine() {
        Path missing = work.resolve("missing.tar.gz");
        Cli.Result result = Cli.run("ztoc", "build", "-o", work.resolve("x.ztoc").toString(), missing.toString());
        assertEquals(1, result.exit());
        assertEquals(List.of("soci-builder ztoc build: " + missing + ": no such layer file"), result.errLines());
    }

    @Test
    void anOutputInAMissingFolderIsOneLineBeforeAnyWork() {
        Path out = work.resolve("no/such/folder/x.ztoc");
        Cli.Result result = Cli.run("ztoc", "build", "-o", out.toString(), gzipLayer.toString());
        assertEquals(1, result.exit());
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().contains(work.resolve("no/such/folder") + " does not exist"), result.err());
    }

    @Test
    void aBadSpanSizeIsAUsageError() {
        for (String bad : List.of("many", "0", "-4")) {
            Cli.Result result = Cli.run("ztoc", "build", "--span-size", bad, "-o", work.resolve("x.ztoc").toString(),
                    gzipLayer.toString());
            assertEquals(2, result.exit(), result::toString);
            assertTrue(result.errLines().get(0).contains("--span-size"), result.err());
            assertTrue(result.err().contains("usage: soci-builder"), result.err());
        }
    }

    @Test
    void infoOnAFileThatIsNotAZtocNamesTheFile() {
        Cli.Result result = Cli.run("ztoc", "info", gzipLayer.toString());
        assertEquals(1, result.exit());
        assertEquals(1, result.errLines().size(), result::toString);
        assertTrue(result.err().startsWith("soci-builder ztoc info: " + gzipLayer + ": not a valid zTOC: "), result.err());
    }

    @Test
    void infoOnAMissingFileIsOneLine() {
        Path missing = work.resolve("missing.ztoc");
        Cli.Result result = Cli.run("ztoc", "info", missing.toString());
        assertEquals(List.of("soci-builder ztoc info: " + missing + ": no such zTOC file"), result.errLines());
        assertEquals(1, result.exit());
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
