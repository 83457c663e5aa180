package dev.sociindex.tar;

import dev.sociindex.bytes.ExactSkip;
import static dev.sociindex.testing.TarHeaderBuilder.concat;
import static dev.sociindex.testing.TarHeaderBuilder.data;
import static dev.sociindex.testing.TarHeaderBuilder.endOfArchive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sociindex.gzip.GzipCheckpointingInputStream;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.TarHeaderBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Entry data skipped through a stream that declares {@link ExactSkip} (our inflater) is accounted exactly as when it
 * is read: same entries, same offsets, and truncation is still caught where it happens.
 */
class TarReaderExactSkipTest {
    private static final byte[] BIG = Encoders.mixedData(31, 3_000_001);

    @Test
    void entriesAndOffsetsMatchTheReadPath() throws IOException {
        byte[] tar = concat(TarHeaderBuilder.ustar("big", '0').size(BIG.length).build(), data(BIG),
                TarHeaderBuilder.ustar("small", '0').size(5).build(), data("hello".getBytes()), endOfArchive());
        TarReader read = new TarReader(new ByteArrayInputStream(tar));
        TarReader skipped = new TarReader(gunzip(tar));
        for (TarEntry expected = read.next(); expected != null; expected = read.next()) {
            TarEntry actual = skipped.next();
            assertEquals(expected, actual);
            assertEquals(read.position(), skipped.position(), "position after the header of " + expected.name());
        }
        assertNull(skipped.next());
        assertEquals(read.position(), skipped.position());
    }

    @Test
    void truncatedDataIsCaughtWhenSkipping() throws IOException {
        byte[] tar = concat(TarHeaderBuilder.ustar("big", '0').size(BIG.length + 1000L).build(), BIG);
        TarReader reader = new TarReader(gunzip(tar));
        reader.next();
        TarFormatException e = assertThrows(TarFormatException.class, reader::next);
        assertEquals("tar entry data truncated: " + (BIG.length + 1000) + " bytes expected, stream ended after "
                + BIG.length + " at uncompressed offset 512", e.getMessage());
    }

    private static InputStream gunzip(byte[] tar) {
        InputStream in = new GzipCheckpointingInputStream(new ByteArrayInputStream(Encoders.gnuGzip(tar, 6)), 1 << 20);
        assertInstanceOf(ExactSkip.class, in, "the inflater declares exact skip");
        return in;
    }
}
