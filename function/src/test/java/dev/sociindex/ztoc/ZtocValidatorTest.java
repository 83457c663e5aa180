package dev.sociindex.ztoc;

import static dev.sociindex.ztoc.ZtocFixtures.regularFile;
import static dev.sociindex.ztoc.ZtocFixtures.sha256Digest;
import static dev.sociindex.ztoc.ZtocFixtures.validGzipZtoc;
import static dev.sociindex.ztoc.ZtocFixtures.window;
import static dev.sociindex.ztoc.ZtocFixtures.withCompressionInfo;
import static dev.sociindex.ztoc.ZtocFixtures.withFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.ztoc.ZtocViolation.Check;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZtocValidatorTest {

    private static List<Check> checks(Ztoc ztoc) {
        return ZtocValidator.validate(ztoc).stream().map(ZtocViolation::check).toList();
    }

    private static CompressionInfo gzipInfo(int maxSpanId, int digests, Checkpoint... checkpoints) {
        List<String> spanDigests = new ArrayList<>();
        for (int i = 0; i < digests; i++) {
            spanDigests.add(sha256Digest("span" + i));
        }
        return new CompressionInfo(CompressionAlgorithm.GZIP, maxSpanId, spanDigests,
                new GzipCheckpointsBlob(65_536, List.of(checkpoints)).encode());
    }

    private static Checkpoint checkpoint(long in, long out, int bits) {
        return new Checkpoint(in, out, bits, window((int) in));
    }

    @Test
    void aValidZtocHasNoViolations() {
        assertEquals(List.of(), ZtocValidator.validate(validGzipZtoc()));
    }

    @Test
    void entriesAreCheckedInOffsetOrderNotStoredOrder() {
        List<FileMetadata> reversed = new ArrayList<>(validGzipZtoc().files());
        java.util.Collections.reverse(reversed);
        assertEquals(List.of(), ZtocValidator.validate(withFiles(validGzipZtoc(), reversed)));
    }

    @Test
    void overlappingEntriesAreReported() {
        // a.txt's 700 bytes end at 1212, so the snapshotter puts the next header at 1536, past b's data at 1024.
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(regularFile("a.txt", 512, 700), regularFile("b", 1024, 1)));
        List<ZtocViolation> violations = ZtocValidator.validate(ztoc);
        assertEquals(List.of(Check.TOC_ENTRY_OVERLAP), violations.stream().map(ZtocViolation::check).toList());
        assertTrue(violations.get(0).detail().contains("'b'") && violations.get(0).detail().contains("1536"),
                violations.get(0).detail());
    }

    @Test
    void aHeaderOnlyEntryWithASizePushesTheNextHeaderPastItsData() {
        // spec 1.5: the snapshotter counts a directory's size field, so the next header seems to start at 5120.
        FileMetadata dir = new FileMetadata(RawBytes.utf8("d/"), "dir", 512, 4096, RawBytes.EMPTY, 040755, 0, 0,
                RawBytes.EMPTY, RawBytes.EMPTY, "", 0, 0, List.of());
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(dir, regularFile("d/f", 1024, 1)));
        assertEquals(List.of(Check.TOC_ENTRY_OVERLAP), checks(ztoc));
    }

    @Test
    void adjacentEntriesEndingOnABlockBoundaryAreFine() {
        Ztoc ztoc = withFiles(validGzipZtoc(), List.of(regularFile("a", 512, 512), regularFile("b", 1536, 0),
                regularFile("c", 2048, 0)));
        assertEquals(List.of(), checks(ztoc));
    }

    @Test
    void offsetsAndSizesNoTarCanHoldAreReported() {
        assertEquals(List.of(Check.TOC_ENTRY_OVERLAP),
                checks(withFiles(validGzipZtoc(), List.of(regularFile("neg", -512, 1)))));
        assertEquals(List.of(Check.TOC_ENTRY_OVERLAP),
                checks(withFiles(validGzipZtoc(), List.of(regularFile("huge", 512, Long.MAX_VALUE - 100)))));
    }

    @Test
    void maxSpanIdMustMatchTheCheckpointCount() {
        Ztoc ztoc = withCompressionInfo(validGzipZtoc(),
                gzipInfo(2, 3, checkpoint(10, 0, 0), checkpoint(40_000, 70_000, 3)));
        assertEquals(List.of(Check.MAX_SPAN_ID_MISMATCH), checks(ztoc));
    }

    @Test
    void digestCountMustBeMaxSpanIdPlusOne() {
        Ztoc ztoc = withCompressionInfo(validGzipZtoc(),
                gzipInfo(1, 1, checkpoint(10, 0, 0), checkpoint(40_000, 70_000, 3)));
        assertEquals(List.of(Check.SPAN_DIGEST_COUNT), checks(ztoc));
    }

    @Test
    void malformedDigestsAreReported() {
        CompressionInfo good = validGzipZtoc().compressionInfo();
        CompressionInfo bad = new CompressionInfo(good.algorithm(), good.maxSpanId(),
                List.of(good.spanDigests().get(0), good.spanDigests().get(1).toUpperCase()), good.checkpoints());
        assertEquals(List.of(Check.SPAN_DIGEST_FORMAT), checks(withCompressionInfo(validGzipZtoc(), bad)));
    }

    @Test
    void duplicateOutZeroCheckpointsAreNonMonotonic() {
        // spec 1.5: an empty first deflate block gives two checkpoints at out=0.
        Ztoc ztoc = withCompressionInfo(validGzipZtoc(),
                gzipInfo(2, 3, checkpoint(10, 0, 0), checkpoint(12, 0, 6), checkpoint(40_000, 70_000, 3)));
        List<ZtocViolation> violations = ZtocValidator.validate(ztoc);
        assertEquals(List.of(Check.NON_MONOTONIC_SPANS), violations.stream().map(ZtocViolation::check).toList());
        assertTrue(violations.get(0).detail().startsWith("span 0 "), violations.get(0).detail());
    }

    @Test
    void aSpanWhoseCompressedRangeIsEmptyIsNonMonotonic() {
        // Span 1 starts at in-1 = 40000 (bits set) and ends at checkpoint 2's in = 40000.
        Ztoc ztoc = withCompressionInfo(validGzipZtoc(),
                gzipInfo(2, 3, checkpoint(10, 0, 0), checkpoint(40_001, 70_000, 3), checkpoint(40_000, 90_000, 0)));
        assertEquals(List.of(Check.NON_MONOTONIC_SPANS), checks(ztoc));
    }

    @Test
    void aCompressedRangeSharingOneByteIsStillMonotonic() {
        // Span 1 = [40000, 40001): one byte, the partial byte of checkpoint 2 as well.
        Ztoc ztoc = withCompressionInfo(validGzipZtoc(),
                gzipInfo(2, 3, checkpoint(10, 0, 0), checkpoint(40_001, 70_000, 3), checkpoint(40_001, 90_000, 5)));
        assertEquals(List.of(), checks(ztoc));
    }

    @Test
    void theLastSpanIsNotCheckedForMonotonicity() {
        Ztoc z = validGzipZtoc();
        Ztoc shortLayer = new Ztoc(z.version(), z.buildToolIdentifier(), 40_000, 70_000, z.files(),
                z.compressionInfo());
        assertEquals(List.of(), checks(shortLayer));
    }

    @Test
    void anUnreadableBlobIsReported() {
        CompressionInfo good = validGzipZtoc().compressionInfo();
        CompressionInfo cut = new CompressionInfo(good.algorithm(), good.maxSpanId(), good.spanDigests(),
                java.util.Arrays.copyOf(good.checkpoints(), 100));
        assertEquals(List.of(Check.ZINFO_UNREADABLE), checks(withCompressionInfo(validGzipZtoc(), cut)));
    }

    @Test
    void uncompressedLayersAreCheckedAgainstTheirTarZinfo() {
        List<String> three = List.of(sha256Digest("0"), sha256Digest("1"), sha256Digest("2"));
        byte[] zinfo = TarZinfo.of(4096, 10_240).encode();
        CompressionInfo right = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, 2, three, zinfo);
        CompressionInfo wrong = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, 1, three, zinfo);
        CompressionInfo gzipBytes = new CompressionInfo(CompressionAlgorithm.UNCOMPRESSED, 1, three.subList(0, 2),
                validGzipZtoc().compressionInfo().checkpoints());
        assertEquals(List.of(), checks(withCompressionInfo(validGzipZtoc(), right)));
        assertEquals(List.of(Check.MAX_SPAN_ID_MISMATCH, Check.SPAN_DIGEST_COUNT),
                checks(withCompressionInfo(validGzipZtoc(), wrong)));
        assertEquals(List.of(Check.ZINFO_UNREADABLE), checks(withCompressionInfo(validGzipZtoc(), gzipBytes)));
    }
}
