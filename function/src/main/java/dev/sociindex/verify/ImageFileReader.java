package dev.sociindex.verify;

import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.LayerCompression;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;
import dev.sociindex.store.ImageStore;
import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.SpanLayout;
import dev.sociindex.ztoc.TocListing;
import dev.sociindex.ztoc.TocPaths;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code get-file}: reads one file of a converted image the way the snapshotter would serve it lazily. It finds the
 * image manifest (for the platform) and its SOCI index through {@code com.amazon.soci.index-digest}, looks the path
 * up from the topmost layer down (whiteouts respected), and for the layer that holds it fetches the zTOC and then
 * only the compressed bytes of the spans holding the file, with one HTTP Range request; each span's digest is checked
 * before it is decoded. A layer without a zTOC must be fetched whole, as the snapshotter would, and is counted so.
 */
public final class ImageFileReader {

    private final ImageStore store;
    private long manifestBytes;
    private long ztocBytes;
    private long wholeLayerBytes;

    public ImageFileReader(ImageStore store) {
        this.store = store;
    }

    /** @param platform {@code os/arch[/variant]}; empty to take the image's only platform */
    public FileRead read(String reference, Optional<String> platform, String path, OutputStream out) throws IOException {
        manifestBytes = 0;
        ztocBytes = 0;
        wholeLayerBytes = 0;
        String key = TocPaths.key(path);
        String shown = TocPaths.display(key);
        String name = store.description() + (Digests.isDigest(reference) ? "@" : ":") + reference;
        ImageManifest image = imageManifest(name, reference, platform);
        String sociDigest = image.annotations().get(SociAnnotations.INDEX_DIGEST);
        if (sociDigest == null) {
            throw new IOException(name + " is not a converted image: its manifest has no " + SociAnnotations.INDEX_DIGEST
                    + " annotation (give the -soci tag)");
        }
        ImageManifest soci = ImageManifest.parse(manifest(sociDigest, name + ": SOCI index").bytes());
        Map<String, Descriptor> ztocs = new HashMap<>();
        for (Descriptor descriptor : soci.layerList()) {
            if (descriptor.mediaType().equals(MediaTypes.SOCI_ZTOC)) {
                ztocs.putIfAbsent(descriptor.annotations().get(SociAnnotations.IMAGE_LAYER_DIGEST), descriptor);
            }
        }
        for (Descriptor layer : image.layerList().reversed()) {
            Descriptor ztocDescriptor = ztocs.get(layer.digest());
            if (ztocDescriptor == null) {
                Optional<FileRead> read = fromWholeLayer(layer, key, shown, out);
                if (read.isPresent()) {
                    return read.get();
                }
                continue;
            }
            Ztoc ztoc = ZtocReader.read(Blobs.read(store, ztocDescriptor));
            ztocBytes += ztocDescriptor.size();
            TocListing listing = TocListing.of(ztoc);
            Optional<FileMetadata> entry = listing.entry(key);
            if (entry.isPresent()) {
                return fromSpans(layer, ztoc, listing, entry.get(), shown, out);
            }
            if (listing.hides(key)) {
                throw new IOException(shown + " is deleted by a whiteout in layer " + layer.digest() + " of " + name);
            }
        }
        throw new IOException(name + " holds no " + shown);
    }

    private FileRead fromSpans(Descriptor layer, Ztoc ztoc, TocListing listing, FileMetadata entry, String path, OutputStream out)
            throws IOException {
        SpanLayout layout = SpanLayout.of(ztoc);
        FileInLayer file = FileInLayer.locate(entry, listing, layout, path, "layer " + layer.digest());
        long spanBytes = 0;
        if (file.firstSpan() >= 0) {
            SpanExtractor extractor = new SpanExtractor(layout, ztoc.compressionInfo().spanDigests(), "layer " + layer.digest());
            long start = extractor.rangeStart(file.firstSpan());
            long end = extractor.rangeEnd(file.lastSpan());
            Path spans = Files.createTempFile("soci-get-file-", ".spans");
            try {
                fetchRange(layer, start, end - start, spans);
                try (FileChannel data = FileChannel.open(spans, StandardOpenOption.READ)) {
                    extractor.verifySpans(file.firstSpan(), file.lastSpan(), data, start);
                    extractor.extract(file.firstSpan(), data, start, file.data().uncompressedOffset(), file.data().uncompressedSize(), out);
                }
            } finally {
                Files.deleteIfExists(spans);
            }
            spanBytes = end - start;
        }
        return new FileRead(path, layer.digest(), layer.size(), file.data().uncompressedSize(), file.firstSpan(), file.lastSpan(),
                manifestBytes, ztocBytes, spanBytes, wholeLayerBytes);
    }

    private void fetchRange(Descriptor layer, long start, long length, Path file) throws IOException {
        long copied;
        try (InputStream in = store.openBlobRange(layer.digest(), start, length);
             OutputStream to = Files.newOutputStream(file)) {
            copied = in.transferTo(to);
        }
        if (copied != length) {
            throw new IOException("layer " + layer.digest() + ": asked for bytes " + start + ".." + (start + length) + " and got "
                    + copied + " bytes");
        }
    }

    /** A layer without zTOC, fetched whole and verified: the file, if it holds it; empty if not (and it hides nothing). */
    private Optional<FileRead> fromWholeLayer(Descriptor layer, String key, String path, OutputStream out) throws IOException {
        LayerCompression compression = MediaTypes.isLayer(layer.mediaType()) ? MediaTypes.layerCompression(layer.mediaType())
                : LayerCompression.UNSUPPORTED;
        if (compression != LayerCompression.GZIP && compression != LayerCompression.UNCOMPRESSED) {
            throw new IOException("layer " + layer.digest() + " (" + layer.mediaType() + ") has no zTOC and cannot be read here, so"
                    + " whether it holds " + path + " is unknown");
        }
        boolean gzip = compression == LayerCompression.GZIP;
        Path blob = Files.createTempFile("soci-get-file-", ".layer");
        try {
            try (InputStream in = store.openBlob(layer.digest(), layer.size())) {
                Files.copy(in, blob, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(blob) != layer.size() || !Digests.sha256(blob).equals(layer.digest())) {
                throw new IOException("layer " + layer.digest() + " downloaded as " + Files.size(blob) + " bytes that do not match its digest");
            }
            wholeLayerBytes += layer.size();
            TocListing listing = TarListings.list(Files.newInputStream(blob), gzip).orElseThrow(() -> new IOException(
                    "layer " + layer.digest() + " has tar entries a TOC cannot describe; cannot look for " + path + " in it"));
            Optional<FileMetadata> entry = listing.entry(key);
            if (entry.isEmpty()) {
                if (listing.hides(key)) {
                    throw new IOException(path + " is deleted by a whiteout in layer " + layer.digest());
                }
                return Optional.empty();
            }
            FileMetadata data = FileInLayer.dataEntry(entry.get(), listing, path, "layer " + layer.digest());
            try (InputStream tar = TarListings.uncompressed(Files.newInputStream(blob), gzip)) {
                tar.skipNBytes(data.uncompressedOffset());
                byte[] buffer = new byte[1 << 16];
                for (long remaining = data.uncompressedSize(); remaining > 0; ) {
                    int n = tar.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        throw new IOException("layer " + layer.digest() + " ends inside " + path);
                    }
                    out.write(buffer, 0, n);
                    remaining -= n;
                }
            }
            return Optional.of(new FileRead(path, layer.digest(), layer.size(), data.uncompressedSize(), -1, -1, manifestBytes, ztocBytes,
                    0, wholeLayerBytes));
        } finally {
            Files.deleteIfExists(blob);
        }
    }

    private ImageManifest imageManifest(String name, String reference, Optional<String> platform) throws IOException {
        ManifestData top = manifest(reference, name);
        if (MediaTypes.isManifest(top.mediaType())) {
            return ImageManifest.parse(top.bytes()); // one platform: --platform has nothing to choose from
        }
        if (!MediaTypes.isIndex(top.mediaType())) {
            throw new ManifestFormatException(name + ": media type " + top.mediaType() + " is neither an image manifest nor an index");
        }
        List<Descriptor> images = ImageIndex.parse(top.bytes()).manifestList().stream()
                .filter(d -> MediaTypes.isManifest(d.mediaType()) && !SociV2Assembler.isSociDescriptor(d)
                        && (d.platform() == null || !d.platform().isUnknown()))
                .toList();
        List<Descriptor> chosen = platform.isEmpty() ? images : images.stream()
                .filter(d -> d.platform() != null && d.platform().normalize().matchesStrictly(Platform.parse(platform.get()).normalize()))
                .toList();
        if (chosen.isEmpty() || (platform.isEmpty() && chosen.size() > 1)) {
            String have = String.join(", ", images.stream().map(d -> d.platform() == null ? "unknown" : d.platform().format()).toList());
            throw new IllegalArgumentException(name + (platform.isPresent() ? " has no platform " + platform.get()
                    : " has several platforms; choose one with --platform") + " (it has " + have + ")");
        }
        return ImageManifest.parse(manifest(chosen.get(0).digest(), name + "@" + chosen.get(0).digest()).bytes());
    }

    private ManifestData manifest(String reference, String what) throws IOException {
        ManifestData data = store.getManifest(reference).orElseThrow(() -> new IOException(what + ": no such manifest"));
        manifestBytes += data.bytes().length;
        return data;
    }
}
