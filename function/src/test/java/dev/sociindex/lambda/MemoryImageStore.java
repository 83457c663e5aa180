package dev.sociindex.lambda;

import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.store.ImageStore;
import dev.sociindex.oci.ManifestData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository held in memory, standing in for the registry client that another branch builds; the handler only
 * opens it, passes it to the converter and closes it. Records whether it was closed.
 */
final class MemoryImageStore implements ImageStore {
    private final String description;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, ManifestData> manifests = new ConcurrentHashMap<>();
    private volatile boolean closed;

    MemoryImageStore(String description) {
        this.description = description;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<ManifestData> getManifest(String reference) {
        return Optional.ofNullable(manifests.get(reference));
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws BlobNotFoundException {
        byte[] blob = blobs.get(digest);
        if (blob == null) {
            throw new BlobNotFoundException(description, digest);
        }
        return new ByteArrayInputStream(blob);
    }

    @Override
    public boolean blobExists(String digest) {
        return blobs.containsKey(digest);
    }

    @Override
    public void putBlob(String digest, byte[] content) {
        blobs.putIfAbsent(digest, content.clone());
    }

    @Override
    public void copyBlobFrom(ImageStore source, String digest, long size) throws java.io.IOException {
        try (InputStream in = source.openBlob(digest, size)) {
            putBlob(digest, in.readAllBytes());
        }
    }

    @Override
    public void putManifest(String reference, ManifestData manifest) {
        manifests.put(manifest.digest(), manifest);
        manifests.put(reference, manifest);
    }

    @Override
    public List<String> listTags() {
        List<String> tags = new ArrayList<>();
        manifests.keySet().stream().filter(k -> !k.startsWith("sha256:")).sorted().forEach(tags::add);
        return tags;
    }

    @Override
    public void close() {
        closed = true;
    }
}
