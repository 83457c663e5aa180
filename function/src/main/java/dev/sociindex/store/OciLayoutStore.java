package dev.sociindex.store;

import dev.sociindex.files.ExclusiveFileLock;
import dev.sociindex.files.FileErrors;
import dev.sociindex.files.NamedOutputStream;
import dev.sociindex.files.TemporaryFiles;
import dev.sociindex.bytes.ByteSource;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Names;

import dev.sociindex.oci.Digests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OCI image layout folder ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...}), as skopeo, umoci
 * and buildx write it. Tags are the {@code org.opencontainers.image.ref.name} annotations of {@code index.json}'s
 * descriptors. Files are written to a temporary name and renamed, so a crash leaves no half-written blob and
 * readers never see a partial {@code index.json}.
 */
public final class OciLayoutStore implements ImageStore {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** Held around every update of index.json, by this and any other process (see {@link ExclusiveFileLock}). */
    public static final String LOCK_FILE = "index.json.lock";
    private static final int MAX_MANIFEST_BYTES = 8 << 20;

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean modified;

    /**
     * Blobs this layout reads from elsewhere when its folder does not hold them: the entries of the OCI archive
     * a layout stages the changes of (see {@link OciArchiveStore}).
     */
    interface BlobFallback {
        /** The blob's size, or -1 when it is not there either. */
        long size(String digest);

        InputStream open(String digest) throws IOException;
    }

    private static final BlobFallback NO_FALLBACK = new BlobFallback() {
        @Override
        public long size(String digest) {
            return -1;
        }

        @Override
        public InputStream open(String digest) throws IOException {
            throw new NoSuchFileException(digest);
        }
    };

    private final BlobFallback fallback;

    private OciLayoutStore(Path root) {
        this(root, NO_FALLBACK);
    }

    private OciLayoutStore(Path root, BlobFallback fallback) {
        this.root = root;
        this.fallback = fallback;
    }

    /** A layout in {@code directory} (with oci-layout and index.json) whose missing blobs {@code fallback} serves. */
    static OciLayoutStore withFallback(Path directory, BlobFallback fallback) throws IOException {
        OciLayoutStore store = new OciLayoutStore(directory, fallback);
        store.checkLayoutFile();
        return store;
    }

    /** An existing layout; fails when {@code directory} has no {@code oci-layout} file. */
    public static OciLayoutStore open(Path directory) throws IOException {
        OciLayoutStore store = new OciLayoutStore(directory);
        store.checkLayoutFile();
        return store;
    }

    /** An existing layout, or a new empty one created in {@code directory} (which may exist but must then be empty). */
    public static OciLayoutStore openOrCreate(Path directory) throws IOException {
        if (Files.exists(directory.resolve("oci-layout"))) {
            return open(directory);
        }
        // two processes creating one layout: the second must find the first's complete layout, not half of it
        Files.createDirectories(directory);
        try (ExclusiveFileLock lock = ExclusiveFileLock.acquire(directory.resolve(LOCK_FILE))) {
            return create(directory);
        }
    }

    private static OciLayoutStore create(Path directory) throws IOException {
        if (Files.exists(directory.resolve("oci-layout"))) {
            return open(directory);
        }
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(LOCK_FILE))) {
                    throw new IOException(directory + " is neither an OCI layout (no oci-layout file) nor empty");
                }
            }
        }
        OciLayoutStore store = new OciLayoutStore(directory);
        Files.createDirectories(directory.resolve("blobs").resolve("sha256"));
        store.writeAtomically(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode index = store.json.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.putArray("manifests");
        store.writeAtomically(directory.resolve("index.json"), store.json.writeValueAsBytes(index));
        store.modified = false; // an empty new layout is not a change worth writing anywhere (see OciArchiveStore)
        return store;
    }

    @Override
    public String description() {
        return "oci:" + root;
    }

    /** True once anything was written through this store (blobs, manifests, index.json) after opening it. */
    boolean modified() {
        return modified;
    }

    @Override
    public synchronized Optional<ManifestData> getManifest(String reference) throws IOException {
        String ref = Names.requireReference(reference);
        List<JsonNode> descriptors = descriptors(readIndex());
        if (Digests.isDigest(ref)) {
            Path blob = blobPath(ref);
            if (!blobExists(ref)) {
                return Optional.empty();
            }
            String declared = descriptors.stream().filter(d -> d.path("digest").asText().equals(ref))
                    .map(d -> d.path("mediaType").asText(null)).filter(t -> t != null).findFirst().orElse(null);
            byte[] bytes = readManifestBlob(ref, blob);
            return Optional.of(new ManifestData(bytes, MediaTypes.resolve(declared, bytes, json), ref));
        }
        List<JsonNode> named = descriptors.stream()
                .filter(d -> d.path("annotations").path(REF_NAME).asText("").equals(ref)).toList();
        if (named.isEmpty()) {
            return Optional.empty();
        }
        if (named.size() > 1) {
            throw new IOException(description() + ": index.json has " + named.size() + " manifests named '" + ref
                    + "'");
        }
        JsonNode descriptor = named.getFirst();
        String digest = descriptor.path("digest").asText("");
        try {
            Digests.requireSha256(digest);
        } catch (IllegalArgumentException e) {
            throw new IOException(description() + ": index.json names '" + ref + "' with a bad digest: "
                    + e.getMessage(), e);
        }
        Path blob = blobPath(digest);
        if (!blobExists(digest)) {
            throw new IOException(description() + ": index.json names '" + ref + "' as " + digest + " but "
                    + root.relativize(blob) + " is missing");
        }
        byte[] bytes = readManifestBlob(digest, blob);
        if (descriptor.has("size") && descriptor.path("size").asLong() != bytes.length) {
            throw new IOException(description() + ": manifest " + digest + " is " + bytes.length
                    + " bytes but index.json says " + descriptor.path("size").asLong());
        }
        return Optional.of(new ManifestData(bytes, MediaTypes.resolve(descriptor.path("mediaType").asText(null), bytes,
                json), digest));
    }

    private byte[] readManifestBlob(String digest, Path blob) throws IOException {
        boolean here = Files.isRegularFile(blob);
        long size = here ? Files.size(blob) : fallback.size(digest);
        if (size > MAX_MANIFEST_BYTES) {
            throw new IOException(description() + ": manifest " + digest + " is " + size + " bytes, more than the"
                    + " limit of " + MAX_MANIFEST_BYTES);
        }
        byte[] bytes;
        if (here) {
            bytes = Files.readAllBytes(blob);
        } else {
            try (InputStream in = fallback.open(digest)) {
                bytes = in.readAllBytes();
            }
        }
        String actual = Digests.sha256(bytes);
        if (!actual.equals(digest)) {
            throw new IOException(description() + ": " + root.relativize(blob) + " has digest " + actual);
        }
        return bytes;
    }

    @Override
    public InputStream openBlob(String digest, long expectedSize) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            if (fallback.size(digest) >= 0) {
                return fallback.open(digest);
            }
            throw new BlobNotFoundException(description(), digest);
        }
    }

    @Override
    public boolean blobExists(String digest) {
        return Files.isRegularFile(blobPath(digest)) || fallback.size(digest) >= 0;
    }

    @Override
    public void putBlob(String digest, byte[] content) throws IOException {
        Path target = blobPath(digest);
        String actual = Digests.sha256(content);
        if (!actual.equals(digest)) {
            throw new IllegalArgumentException("blob content has digest " + actual + ", not the given " + digest);
        }
        if (!Files.isRegularFile(target)) {
            writeAtomically(target, content);
        }
    }

    @Override
    public void putBlob(String digest, ByteSource content) throws IOException {
        copyIn(digest, content.size(), content::open, "the zTOC writer");
    }

    @Override
    public void copyBlobFrom(ImageStore source, String digest, long size) throws IOException {
        copyIn(digest, size, () -> source.openBlob(digest, size), source.description());
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** Streams a blob into place through a temporary file, checking its digest and size on the way. */
    private void copyIn(String digest, long size, Opener source, String from) throws IOException {
        Path target = blobPath(digest);
        if (blobExists(digest)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temporary = TemporaryFiles.register(Files.createTempFile(target.getParent(), ".tmp-", ".blob"));
        try {
            MessageDigest sha256 = Digests.newSha256();
            long copied;
            try (InputStream in = new DigestInputStream(source.open(), sha256);
                 OutputStream out = new NamedOutputStream(temporary, TemporaryFiles.openForWriting(temporary))) {
                copied = in.transferTo(out);
            }
            String actual = Digests.sha256(sha256);
            if (!actual.equals(digest) || (size >= 0 && copied != size)) {
                throw new IOException("blob " + digest + " from " + from + " arrived as " + copied
                        + " bytes with digest " + actual + (size >= 0 ? " (expected " + size + " bytes)" : ""));
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
            TemporaryFiles.release(temporary);
        }
    }

    @Override
    public synchronized void putManifest(String reference, ManifestData manifest) throws IOException {
        String ref = Names.requireReference(reference);
        if (Digests.isDigest(ref) && !ref.equals(manifest.digest())) {
            throw new IllegalArgumentException("cannot store manifest " + manifest.digest() + " under digest " + ref);
        }
        putBlob(manifest.digest(), manifest.bytes());
        if (Digests.isDigest(ref)) {
            return;
        }
        // other processes may tag into this layout at the same time: the read-modify-write of index.json is theirs
        // or ours, never interleaved, or one tag would be lost
        try (ExclusiveFileLock lock = ExclusiveFileLock.acquire(root.resolve(LOCK_FILE))) {
            tag(ref, manifest);
        }
    }

    private void tag(String ref, ManifestData manifest) throws IOException {
        ObjectNode index = readIndex();
        ArrayNode kept = json.createArrayNode();
        for (JsonNode descriptor : descriptors(index)) {
            if (!descriptor.path("annotations").path(REF_NAME).asText("").equals(ref)) {
                kept.add(descriptor);
            }
        }
        ObjectNode descriptor = kept.addObject();
        descriptor.put("mediaType", manifest.mediaType());
        descriptor.put("digest", manifest.digest());
        descriptor.put("size", manifest.bytes().length);
        descriptor.putObject("annotations").put(REF_NAME, ref);
        index.set("manifests", kept);
        writeAtomically(root.resolve("index.json"), json.writeValueAsBytes(index));
    }

    @Override
    public synchronized List<String> listTags() throws IOException {
        List<String> tags = new ArrayList<>();
        for (JsonNode descriptor : descriptors(readIndex())) {
            String name = descriptor.path("annotations").path(REF_NAME).asText("");
            if (!name.isEmpty()) {
                tags.add(name);
            }
        }
        return tags;
    }

    private void checkLayoutFile() throws IOException {
        Path layoutFile = root.resolve("oci-layout");
        if (!Files.isRegularFile(layoutFile)) {
            throw new IOException(root + " is not an OCI image layout: it has no oci-layout file");
        }
        JsonNode layout;
        try {
            layout = json.readTree(layoutFile.toFile());
        } catch (IOException e) {
            throw new IOException(layoutFile + " is not valid JSON: " + e.getMessage(), e);
        }
        String version = layout == null ? "" : layout.path("imageLayoutVersion").asText("");
        if (!version.startsWith("1.")) {
            throw new IOException(layoutFile + " declares imageLayoutVersion '" + version + "', expected 1.x");
        }
    }

    private ObjectNode readIndex() throws IOException {
        Path file = root.resolve("index.json");
        JsonNode index;
        try {
            index = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(description() + ": cannot read index.json: " + e.getMessage(), e);
        }
        if (!(index instanceof ObjectNode object)) {
            throw new IOException(description() + ": index.json is not a JSON object");
        }
        if (object.has("manifests") && !object.get("manifests").isArray()) {
            throw new IOException(description() + ": index.json's manifests is not an array");
        }
        return object;
    }

    private static List<JsonNode> descriptors(ObjectNode index) {
        List<JsonNode> descriptors = new ArrayList<>();
        index.path("manifests").forEach(descriptors::add);
        return descriptors;
    }

    private Path blobPath(String digest) {
        return root.resolve("blobs").resolve("sha256").resolve(Digests.hex(digest));
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = TemporaryFiles.register(Files.createTempFile(target.getParent(), ".tmp-", ".part"));
        try {
            try {
                try (OutputStream out = TemporaryFiles.openForWriting(temporary)) {
                    out.write(content);
                }
            } catch (IOException e) {
                throw FileErrors.naming(temporary, e);
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
            TemporaryFiles.release(temporary);
        }
    }

    private void moveIntoPlace(Path temporary, Path target) throws IOException {
        // temporary files are created owner-only; layout files are meant to be shared like any other image file
        if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        modified = true;
    }
}
