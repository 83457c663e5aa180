package dev.sociindex.store;

import dev.sociindex.bytes.ByteSource;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.oci.ManifestData;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One image repository, wherever it lives: a repository of an OCI distribution registry (ECR included) or an
 * OCI image layout on disk (a folder, or an archive of one). The converter reads and writes only through this.
 * References are tags or {@code sha256:} digests.
 */
public interface ImageStore extends AutoCloseable {

    /** Human-readable location for messages, e.g. {@code 127.0.0.1:5000/team/app} or {@code oci:/tmp/layout}. */
    String description();

    /** The manifest (image manifest, image index or Docker manifest list) a tag or digest names; empty when absent. */
    Optional<ManifestData> getManifest(String reference) throws IOException;

    /** Streams a blob; the caller verifies its digest while reading. Throws {@link BlobNotFoundException} when absent. */
    InputStream openBlob(String digest, long expectedSize) throws IOException;

    boolean blobExists(String digest) throws IOException;

    /**
     * Streams bytes {@code [offset, offset + length)} of a blob (what the snapshotter fetches for a span). Stores
     * that can seek override this; the default reads the blob from its start and drops the bytes before
     * {@code offset}. The caller verifies what it reads (span digests).
     */
    default InputStream openBlobRange(String digest, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length + " of blob " + digest);
        }
        InputStream in = openBlob(digest, -1);
        try {
            in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new BoundedInputStream(in, length);
    }

    /** Stores a small blob held in memory (zTOCs, configs). Does nothing if the blob already exists. */
    void putBlob(String digest, byte[] content) throws IOException;

    /**
     * Stores a blob that need not fit in memory (a zTOC whose checkpoints were spilled to a file), streamed from
     * {@code content}, which is opened afresh for each attempt and not closed. Does nothing if the blob already
     * exists. The default reads it into memory: stores that can stream override it.
     */
    default void putBlob(String digest, ByteSource content) throws IOException {
        putBlob(digest, content.readAllBytes());
    }

    /**
     * Makes a blob of {@code source} available here (the {@code --to} case): nothing when it already exists, a
     * cross-repository mount when both live in one registry, otherwise a streamed copy.
     */
    void copyBlobFrom(ImageStore source, String digest, long size) throws IOException;

    /** Stores a manifest under its digest, and under a tag too when {@code reference} is a tag. */
    void putManifest(String reference, ManifestData manifest) throws IOException;

    List<String> listTags() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
