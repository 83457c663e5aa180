package dev.sociindex.ztoc;

import dev.sociindex.bytes.ByteSource;
import dev.sociindex.gzip.Checkpoint;
import dev.sociindex.gzip.CheckpointSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a layer's gzip checkpoints straight into the v2 checkpoints blob layout ({@link GzipCheckpointsBlob}) as the
 * decoder places them: the one copy of the windows there is. The records are kept in memory until they pass the
 * spill threshold, then moved to a spill file, and every later record is appended to it. {@link #finish} hands over
 * the whole blob (its 12-byte header, known only at the end, in front) as a {@link ByteSource}; closing the writer
 * without finishing (a failed or cancelled layer) deletes the spill file. Not thread-safe, as the sink contract says.
 */
public final class CheckpointsBlobWriter implements CheckpointSink, AutoCloseable {
    private static final int FILE_BUFFER = 1 << 16;

    private final long spanSize;
    private final CheckpointSpill spill;
    private final List<CheckpointPosition> positions = new ArrayList<>();
    /** Records held in memory, until the first spill; null afterwards. */
    private List<byte[]> records = new ArrayList<>();
    private long recordBytes;
    private Path file;
    private OutputStream fileOut;
    private boolean handedOver;

    public CheckpointsBlobWriter(long spanSize, CheckpointSpill spill) {
        this.spanSize = spanSize;
        this.spill = spill;
    }

    @Override
    public void add(Checkpoint checkpoint) throws IOException {
        if (handedOver) {
            throw new IllegalStateException("the checkpoints blob was already finished");
        }
        byte[] record = new byte[GzipCheckpointsBlob.RECORD_SIZE];
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(checkpoint.in()).putLong(checkpoint.out()).put((byte) checkpoint.bits()).put(checkpoint.window());
        positions.add(CheckpointPosition.of(checkpoint));
        recordBytes += record.length;
        if (records != null && recordBytes > spill.thresholdBytes()) {
            startSpilling();
        }
        if (records != null) {
            records.add(record);
        } else {
            fileOut.write(record);
        }
    }

    /** Where each checkpoint sits, in order. */
    public List<CheckpointPosition> positions() {
        return List.copyOf(positions);
    }

    /** Whether the windows went to a spill file. */
    public boolean spilled() {
        return file != null;
    }

    /** The finished blob; its spill file (if any) now belongs to it and is deleted when it is closed. */
    public ByteSource finish() throws IOException {
        if (handedOver) {
            throw new IllegalStateException("the checkpoints blob was already finished");
        }
        handedOver = true;
        long size = GzipCheckpointsBlob.encodedSize(positions.size());
        if (size > Integer.MAX_VALUE - 8) {
            close();
            throw new IllegalArgumentException(positions.size() + " checkpoints need " + size
                    + " bytes, beyond what one zTOC can hold");
        }
        byte[] header = new byte[GzipCheckpointsBlob.HEADER_SIZE];
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(positions.size()).putLong(spanSize);
        ByteSource body;
        if (records != null) {
            body = ByteSource.concat(records.stream().map(ByteSource::of).toList());
            records = null;
        } else {
            fileOut.close();
            fileOut = null;
            body = new SpillFile(file, recordBytes);
        }
        return ByteSource.concat(List.of(ByteSource.of(header), body));
    }

    /** Deletes the spill file unless {@link #finish} handed it over. */
    @Override
    public void close() throws IOException {
        records = null;
        if (fileOut != null) {
            try {
                fileOut.close();
            } finally {
                fileOut = null;
            }
        }
        if (file != null && !handedOver) {
            Files.deleteIfExists(file);
        }
    }

    private void startSpilling() throws IOException {
        file = Files.createTempFile(spill.directory(), CheckpointSpill.FILE_PREFIX, ".spill");
        try {
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER);
            for (byte[] held : records) {
                fileOut.write(held);
            }
        } catch (IOException e) {
            throw new IOException("cannot spill checkpoint windows to " + file + ": " + e.getMessage(), e);
        }
        records = null;
    }

    /** Records in a spill file; closing deletes it. */
    private static final class SpillFile implements ByteSource {
        private final Path path;
        private final long size;
        private boolean deleted;

        SpillFile(Path path, long size) {
            this.path = path;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public synchronized InputStream open() throws IOException {
            if (deleted) {
                throw new IllegalStateException("spill file " + path + " was already removed");
            }
            return Files.newInputStream(path);
        }

        @Override
        public synchronized void close() throws IOException {
            deleted = true;
            Files.deleteIfExists(path);
        }
    }
}
