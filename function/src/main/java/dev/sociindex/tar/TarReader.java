package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads tar headers from an uncompressed stream exactly as Go's {@code archive/tar} {@code Reader.Next} does, so
 * that the zTOC built from it matches what the snapshotter re-parses with Go (spec sections 1.4, 1.5, 5 item 8).
 * File data is skipped, never returned. Not thread-safe; one reader per stream.
 *
 * <p>End of archive, as in Go: two zero blocks (position just past them); or end of stream where a header would
 * start, after a single zero block, or inside the padding after an entry's data. End of stream anywhere else is a
 * truncation and a {@link TarFormatException}. After any exception the reader is unusable.
 *
 * <p>PAX records: Go keeps them in a map, so a repeated key keeps its last value; each entry's
 * {@link TarEntry#paxRecords()} holds one record per key, in the order keys first appeared, with the last value.
 * An {@code x} header applies to the next entry only, and a second {@code x} header replaces the first.
 */
public final class TarReader {
    /** Go's {@code maxSpecialFileSize}: bounds memory for PAX and GNU long-name data from hostile layers. */
    static final int MAX_META_DATA_SIZE = 1 << 20;

    private static final int BLOCK = TarHeaderParser.BLOCK_SIZE;

    private final CountingInput input;
    private final byte[] block = new byte[BLOCK];
    private long unreadData;
    private long unreadPadding;
    private boolean ended;
    private IOException failure;

    public TarReader(InputStream uncompressed) {
        this.input = new CountingInput(uncompressed);
    }

    /** Bytes consumed so far; after {@link #next()} returned null, the zTOC's uncompressed_archive_size. */
    public long position() {
        return input.position();
    }

    /**
     * Skips the rest of the previous entry and returns the next one, or null at the end of the archive.
     *
     * @throws TarFormatException      the stream is not a valid tar stream (Go would fail too)
     * @throws UnsupportedTarException a valid entry SOCI cannot index (global header, sparse file, other types,
     *                                 header-only entry with a non-zero size)
     * @throws IllegalStateException   an earlier call failed
     */
    public TarEntry next() throws IOException {
        if (failure != null) {
            throw new IllegalStateException("tar reader already failed: " + failure.getMessage(), failure);
        }
        if (ended) {
            return null;
        }
        try {
            TarEntry entry = readEntry();
            ended = entry == null;
            return entry;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private TarEntry readEntry() throws IOException {
        Map<RawBytes, RawBytes> pax = Map.of();
        RawBytes gnuLongName = RawBytes.EMPTY;
        RawBytes gnuLongLink = RawBytes.EMPTY;
        long firstHeaderOffset = -1;
        while (true) {
            if (!skipRestOfPreviousEntry()) {
                return null;
            }
            long headerOffset = input.position();
            if (firstHeaderOffset < 0) {
                firstHeaderOffset = headerOffset;
            }
            TarHeader header = readHeader();
            if (header == null) {
                return null;
            }
            char typeflag = (char) (header.typeflag() & 0xff);
            // Go checks the raw size before knowing anything else about the entry.
            if (header.size() < 0 && !TarTypes.isHeaderOnly(typeflag)) {
                throw new TarFormatException("negative size " + header.size() + " in tar header", headerOffset);
            }
            switch (typeflag) {
                case 'x' -> pax = PaxRecordParser.parse(readMetaData(header, headerOffset, "PAX extended header"),
                        headerOffset);
                case 'L' -> gnuLongName = nulTerminated(readMetaData(header, headerOffset, "GNU long name"));
                case 'K' -> gnuLongLink = nulTerminated(readMetaData(header, headerOffset, "GNU long link name"));
                case 'g' -> throw new UnsupportedTarException("PAX global extended header ('g') at uncompressed "
                        + "offset " + headerOffset + ": Go returns it as an entry, which cannot be indexed");
                default -> {
                    TarEntry entry = TarEntryAssembler.assemble(header, pax, gnuLongName, gnuLongLink,
                            firstHeaderOffset, headerOffset, input.position());
                    unreadData = TarTypes.isHeaderOnly(entry.typeflag()) ? 0 : entry.size();
                    unreadPadding = padding(unreadData);
                    return entry;
                }
            }
        }
    }

    /** Returns false when the stream ends inside the padding, which Go takes as the end of the archive. */
    private boolean skipRestOfPreviousEntry() throws IOException {
        long dataStart = input.position();
        long data = unreadData;
        long pad = unreadPadding;
        unreadData = 0;
        unreadPadding = 0;
        long skipped = input.discard(data);
        if (skipped < data) {
            throw new TarFormatException("tar entry data truncated: " + data + " bytes expected, stream ended after "
                    + skipped, dataStart);
        }
        return input.discard(pad) == pad;
    }

    /** A header block, or null at the end of the archive. */
    private TarHeader readHeader() throws IOException {
        long offset = input.position();
        if (!readBlock(offset)) {
            return null;
        }
        if (isZero(block)) {
            if (!readBlock(offset + BLOCK)) {
                return null;
            }
            if (isZero(block)) {
                return null;
            }
            throw new TarFormatException("a zero block is followed by a non-zero block", offset + BLOCK);
        }
        return TarHeaderParser.parse(block, offset);
    }

    /** Reads a whole block; false at a clean end of stream, an exception for a partial block. */
    private boolean readBlock(long offset) throws IOException {
        int n = input.readFully(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new TarFormatException("tar header truncated: stream ended after " + n + " of " + BLOCK
                    + " bytes", offset);
        }
        return true;
    }

    private byte[] readMetaData(TarHeader header, long headerOffset, String what) throws IOException {
        if (header.size() > MAX_META_DATA_SIZE) {
            throw new TarFormatException(what + " of " + header.size() + " bytes exceeds the limit of "
                    + MAX_META_DATA_SIZE, headerOffset);
        }
        byte[] data = new byte[(int) header.size()];
        int n = input.readFully(data, 0, data.length);
        if (n < data.length) {
            throw new TarFormatException(what + " data truncated: " + data.length + " bytes expected, stream ended "
                    + "after " + n, headerOffset);
        }
        unreadPadding = padding(data.length);
        return data;
    }

    private static RawBytes nulTerminated(byte[] data) {
        return TarHeaderParser.cString(data, 0, data.length);
    }

    private static long padding(long size) {
        return -size & (BLOCK - 1);
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
