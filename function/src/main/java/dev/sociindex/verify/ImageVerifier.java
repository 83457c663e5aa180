package dev.sociindex.verify;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.index.IndexConformance;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociIndexManifest;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.BlobNotFoundException;
import dev.sociindex.store.ImageStore;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocFormatException;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a converted image end to end: the v2 layout and canonical JSON ({@link IndexConformance}), every digest
 * and size, and every zTOC against its layer ({@link ZtocLayerVerifier}). Layers are downloaded to a temporary
 * file one at a time (verification needs random access; the build path never stages layers).
 */
public final class ImageVerifier {
    /** Largest manifest or zTOC read into memory. */
    private static final long MAX_IN_MEMORY = 512L << 20;

    private final ImageStore store;

    public ImageVerifier(ImageStore store) {
        this.store = store;
    }

    public VerificationReport verify(String reference) throws IOException {
        List<String> problems = new ArrayList<>();
        ManifestData top = store.getManifest(reference)
                .orElseThrow(() -> new IOException(store.description() + ":" + reference + ": no such image"));
        if (!MediaTypes.isIndex(top.mediaType())) {
            problems.add(reference + " is a " + top.mediaType() + ", not an OCI image index: it carries no SOCI v2 index");
            return new VerificationReport(top.digest(), 0, 0, problems);
        }
        ImageIndex index = ImageIndex.parse(top.bytes());
        if (index.annotations().containsKey(SociAnnotations.NO_SOCI_INDEX) && !SociV2Assembler.isAlreadyConverted(index)) {
            return verifyPassThrough(top, index);
        }
        try {
            problems.addAll(new IndexConformance(this::content).check(top.bytes()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int sociIndexes = 0;
        int ztocs = 0;
        for (Descriptor descriptor : index.manifestList()) {
            if (!SociV2Assembler.isSociDescriptor(descriptor)) {
                continue;
            }
            sociIndexes++;
            Optional<ManifestData> soci = store.getManifest(descriptor.digest());
            String imageDigest = descriptor.annotations().get(SociAnnotations.IMAGE_MANIFEST_DIGEST);
            Optional<ManifestData> image = imageDigest == null ? Optional.empty() : store.getManifest(imageDigest);
            if (soci.isEmpty() || image.isEmpty()) {
                continue; // IndexConformance has reported it
            }
            ImageManifest imageManifest = ImageManifest.parse(image.get().bytes());
            for (Descriptor ztoc : ImageManifest.parse(soci.get().bytes()).layerList()) {
                if (!MediaTypes.SOCI_ZTOC.equals(ztoc.mediaType())) {
                    continue;
                }
                ztocs++;
                problems.addAll(verifyZtoc(ztoc, imageManifest));
            }
        }
        if (sociIndexes == 0) {
            problems.add(reference + " lists no SOCI v2 index");
        }
        return new VerificationReport(top.digest(), sociIndexes, ztocs, problems);
    }

    /**
     * An index written by {@code --tag-when-empty} (nothing qualified): no SOCI index to check, but every manifest
     * it lists must be there, so that pulling the tag works.
     */
    private VerificationReport verifyPassThrough(ManifestData top, ImageIndex index) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!index.mediaType().equals(MediaTypes.OCI_INDEX)) {
            problems.add("index: mediaType is \"" + index.mediaType() + "\", expected " + MediaTypes.OCI_INDEX);
        }
        for (Descriptor descriptor : index.manifestList()) {
            Optional<ManifestData> manifest = store.getManifest(descriptor.digest());
            if (manifest.isEmpty()) {
                problems.add("manifest " + descriptor.digest() + " listed by the pass-through index is missing");
            } else if (manifest.get().bytes().length != descriptor.size()) {
                problems.add("manifest " + descriptor.digest() + " is " + manifest.get().bytes().length + " bytes, the index says " + descriptor.size());
            }
        }
        return new VerificationReport(top.digest(), 0, 0, problems);
    }

    private List<String> verifyZtoc(Descriptor ztocDescriptor, ImageManifest image) throws IOException {
        String layerDigest = ztocDescriptor.annotations().get(SociAnnotations.IMAGE_LAYER_DIGEST);
        Optional<Descriptor> layer = image.layerList().stream().filter(l -> l.digest().equals(layerDigest)).findFirst();
        if (layer.isEmpty()) {
            return List.of("zTOC " + ztocDescriptor.digest() + " names layer " + layerDigest + ", which the image does not have");
        }
        Path blob = Files.createTempFile("soci-verify-", ".layer");
        try {
            Ztoc ztoc = ZtocReader.read(readBlob(ztocDescriptor.digest(), ztocDescriptor.size()));
            download(layer.get(), blob);
            return ZtocLayerVerifier.verify(ztoc, blob, layerDigest);
        } catch (ZtocFormatException e) {
            return List.of("zTOC " + ztocDescriptor.digest() + " does not parse: " + e.getMessage());
        } catch (ContentMismatchException | BlobNotFoundException e) {
            return List.of(e.getMessage());
        } finally {
            Files.deleteIfExists(blob);
        }
    }

    /** A blob's bytes do not match the descriptor that names it: a problem of the image, not of the verifier. */
    private static final class ContentMismatchException extends IOException {
        ContentMismatchException(String message) {
            super(message);
        }
    }

    private void download(Descriptor layer, Path file) throws IOException {
        MessageDigest sha = Digests.newSha256();
        long count = 0;
        try (InputStream in = store.openBlob(layer.digest(), layer.size()); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                count += n;
            }
        }
        String actual = Digests.sha256(sha);
        if (count != layer.size() || !actual.equals(layer.digest())) {
            throw new ContentMismatchException("layer " + layer.digest() + " downloaded as " + count + " bytes with digest " + actual);
        }
    }

    private byte[] readBlob(String digest, long size) throws IOException {
        if (size > MAX_IN_MEMORY) {
            throw new IOException("blob " + digest + " is " + size + " bytes, too large to check in memory");
        }
        byte[] bytes;
        try (InputStream in = store.openBlob(digest, size)) {
            bytes = in.readNBytes((int) size + 1);
        }
        if (bytes.length != size || !Digests.sha256(bytes).equals(digest)) {
            throw new ContentMismatchException("blob " + digest + " does not match its descriptor (" + bytes.length + " bytes, digest "
                    + Digests.sha256(bytes) + ")");
        }
        return bytes;
    }

    /**
     * Content by digest for the conformance check: manifests, and the SOCI {@code {}} config, the one blob it reads.
     * The config is fetched as a blob only: asking a registry for a non-manifest blob as a manifest is an error, not
     * a miss (the distribution registry answers 500, which is retried and then fails the whole verification).
     */
    private Optional<byte[]> content(String digest) {
        try {
            if (!digest.equals(SociIndexManifest.CONFIG_DIGEST)) {
                return store.getManifest(digest).map(ManifestData::bytes);
            }
            if (!store.blobExists(digest)) {
                return Optional.empty();
            }
            try (InputStream in = store.openBlob(digest, -1)) {
                return Optional.of(in.readNBytes((int) MAX_IN_MEMORY));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
