package dev.sociindex.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.index.PrefetchArtifact.PrefetchSpan;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import dev.sociindex.verify.Inspection.LayerEntry;
import dev.sociindex.verify.Inspection.PlatformEntry;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code inspect}: reads a converted image (or any image) and describes, per platform, its SOCI index and, per
 * layer, the zTOC (digest, size, spans, files, span size) and the annotations that shape lazy loading
 * (disable-xattrs, prefetch). Reads manifests, zTOCs and prefetch artifacts; never a layer.
 */
public final class ImageInspector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageStore store;

    public ImageInspector(ImageStore store) {
        this.store = store;
    }

    public Inspection inspect(String reference) throws IOException {
        String name = store.description() + (Digests.isDigest(reference) ? "@" : ":") + reference;
        ManifestData top = store.getManifest(reference).orElseThrow(() -> new IOException(name + ": no such image"));
        List<PlatformEntry> platforms = new ArrayList<>();
        String noSociIndex = null;
        if (MediaTypes.isIndex(top.mediaType())) {
            ImageIndex index = ImageIndex.parse(top.bytes());
            noSociIndex = index.annotations().get(SociAnnotations.NO_SOCI_INDEX);
            for (Descriptor child : SociV2Assembler.convertibleChildren(index)) {
                ManifestData data = store.getManifest(child.digest())
                        .orElseThrow(() -> new ManifestFormatException(name + " lists manifest " + child.digest() + ", which is missing"));
                platforms.add(platform(child.platform() == null ? "unknown" : child.platform().format(), data));
            }
        } else if (MediaTypes.isManifest(top.mediaType())) {
            platforms.add(platform("", top));
        } else {
            throw new ManifestFormatException(name + ": media type " + top.mediaType() + " is neither an image manifest nor an index");
        }
        return new Inspection(name, top.digest(), top.mediaType(), noSociIndex, platforms);
    }

    private PlatformEntry platform(String platform, ManifestData data) throws IOException {
        ImageManifest image = ImageManifest.parse(data.bytes());
        String sociDigest = image.annotations().get(SociAnnotations.INDEX_DIGEST);
        Map<String, Descriptor> ztocs = new HashMap<>();
        Map<String, Descriptor> prefetch = new HashMap<>();
        if (sociDigest != null) {
            ManifestData soci = store.getManifest(sociDigest).orElseThrow(() -> new ManifestFormatException(
                    "SOCI index " + sociDigest + " of manifest " + data.digest() + " is missing"));
            for (Descriptor descriptor : ImageManifest.parse(soci.bytes()).layerList()) {
                String layer = descriptor.annotations().get(SociAnnotations.IMAGE_LAYER_DIGEST);
                if (descriptor.mediaType().equals(MediaTypes.SOCI_ZTOC)) {
                    ztocs.putIfAbsent(layer, descriptor);
                } else if (descriptor.mediaType().equals(MediaTypes.SOCI_PREFETCH)) {
                    prefetch.putIfAbsent(layer, descriptor);
                }
            }
        }
        List<LayerEntry> layers = new ArrayList<>();
        for (Descriptor layer : image.layerList()) {
            layers.add(layer(layer, ztocs.get(layer.digest()), prefetch.get(layer.digest())));
        }
        return new PlatformEntry(platform, data.digest(), sociDigest, layers);
    }

    private LayerEntry layer(Descriptor layer, Descriptor ztocDescriptor, Descriptor prefetchDescriptor) throws IOException {
        List<PrefetchSpan> prefetchSpans = prefetchDescriptor == null ? List.of() : prefetchSpans(prefetchDescriptor);
        String prefetchDigest = prefetchDescriptor == null ? null : prefetchDescriptor.digest();
        if (ztocDescriptor == null) {
            return new LayerEntry(layer.digest(), layer.size(), layer.mediaType(), null, 0, 0, 0, 0, false, prefetchDigest, prefetchSpans);
        }
        Ztoc ztoc = ZtocReader.read(Blobs.read(store, ztocDescriptor));
        long spanSize = Long.parseLong(ztocDescriptor.annotations().getOrDefault(SociAnnotations.SPAN_SIZE, "0"));
        boolean disableXattrs = Boolean.parseBoolean(ztocDescriptor.annotations().get(SociAnnotations.DISABLE_XATTRS));
        return new LayerEntry(layer.digest(), layer.size(), layer.mediaType(), ztocDescriptor.digest(), ztocDescriptor.size(),
                ztoc.compressionInfo().spanDigests().size(), ztoc.files().size(), spanSize, disableXattrs, prefetchDigest, prefetchSpans);
    }

    private List<PrefetchSpan> prefetchSpans(Descriptor descriptor) throws IOException {
        JsonNode body = JSON.readTree(Blobs.read(store, descriptor));
        List<PrefetchSpan> spans = new ArrayList<>();
        for (JsonNode span : body.path("prefetch_spans")) {
            spans.add(new PrefetchSpan(span.path("start_span").asInt(), span.path("end_span").asInt(), span.path("priority").asInt(0)));
        }
        return spans;
    }
}
