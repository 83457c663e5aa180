package dev.sociindex.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.store.ImageStore;
import dev.sociindex.oci.ManifestData;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image being converted, read from its store: either one image manifest, or an index (OCI index or Docker
 * manifest list) with its image-manifest children. Children are "selected" when their platform is one the options
 * ask for (all by default); unselected children are still rewritten to OCI types, as the reference converter does.
 */
record SourceImage(ImageStore store, String name, Optional<ImageIndex> index, List<Child> children, boolean alreadyConverted) {

    /** Largest image config read to find a single manifest's platform. */
    private static final int MAX_CONFIG_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image manifest of the image, with the digest it has in the source. */
    record Child(String digest, ImageManifest manifest, Platform platform, boolean selected) {
    }

    static SourceImage read(ImageStore store, String name, ManifestData top, ConvertOptions options) throws IOException {
        if (MediaTypes.isIndex(top.mediaType())) {
            ImageIndex index = parseIndex(top, name);
            if (SociV2Assembler.isAlreadyConverted(index)) {
                return new SourceImage(store, name, Optional.of(index), List.of(), true);
            }
            List<Child> children = new ArrayList<>();
            for (Descriptor descriptor : SociV2Assembler.convertibleChildren(index)) {
                ManifestData data = store.getManifest(descriptor.digest()).orElseThrow(() -> new ManifestFormatException(
                        name + ": the index lists manifest " + descriptor.digest() + ", which is not in the registry"));
                ImageManifest manifest = parseManifest(data, name + "@" + descriptor.digest());
                Platform platform = descriptor.platform() != null ? descriptor.platform() : configPlatform(store, manifest, name);
                children.add(new Child(descriptor.digest(), manifest, platform, isSelected(platform, options)));
            }
            if (children.isEmpty()) {
                throw new ManifestFormatException(name + ": the index lists no image manifest to convert");
            }
            requireSelection(name, children, options);
            return new SourceImage(store, name, Optional.of(index), children, false);
        }
        if (!MediaTypes.isManifest(top.mediaType())) {
            throw new ManifestFormatException(name + ": media type " + top.mediaType() + " is neither an image manifest nor an index");
        }
        ImageManifest manifest = parseManifest(top, name);
        if (manifest.annotations().containsKey(SociAnnotations.INDEX_DIGEST)) {
            return new SourceImage(store, name, Optional.empty(), List.of(), true);
        }
        Platform platform = configPlatform(store, manifest, name);
        List<Child> children = List.of(new Child(top.digest(), manifest, platform, isSelected(platform, options)));
        requireSelection(name, children, options);
        return new SourceImage(store, name, Optional.empty(), children, false);
    }

    /** Every distinct layer of the selected children, in first-seen order. */
    Map<String, LayerDescriptor> layersToIndex() {
        Map<String, LayerDescriptor> layers = new LinkedHashMap<>();
        for (Child child : children) {
            if (child.selected()) {
                for (Descriptor layer : child.manifest().layerList()) {
                    layers.putIfAbsent(layer.digest(), new LayerDescriptor(layer.digest(), layer.size(), layer.mediaType()));
                }
            }
        }
        return layers;
    }

    /** For {@code --to}: puts every blob and untouched manifest the output will reference into the target. */
    void copyTo(ImageStore target) throws IOException {
        for (Child child : children) {
            copyManifestBlobs(child.manifest(), target);
        }
        if (index.isEmpty()) {
            return;
        }
        for (Descriptor descriptor : index.get().manifestList()) {
            boolean converted = children.stream().anyMatch(c -> c.digest().equals(descriptor.digest()));
            if (converted) {
                continue;
            }
            Optional<ManifestData> other = store.getManifest(descriptor.digest());
            if (other.isEmpty()) {
                continue; // absent children stay absent, as in the source
            }
            if (MediaTypes.isManifest(other.get().mediaType())) {
                copyManifestBlobs(parseManifest(other.get(), name + "@" + descriptor.digest()), target);
            }
            target.putManifest(descriptor.digest(), other.get());
        }
    }

    private void copyManifestBlobs(ImageManifest manifest, ImageStore target) throws IOException {
        target.copyBlobFrom(store, manifest.config().digest(), manifest.config().size());
        for (Descriptor layer : manifest.layerList()) {
            target.copyBlobFrom(store, layer.digest(), layer.size());
        }
    }

    /** Asking for platforms the image does not have is a mistake worth an error, not an empty success. */
    private static void requireSelection(String name, List<Child> children, ConvertOptions options) {
        if (children.stream().noneMatch(Child::selected)) {
            throw new IllegalArgumentException(name + " has no platform matching " + String.join(", ", options.platforms())
                    + " (it has " + String.join(", ", children.stream().map(c -> c.platform().format()).toList()) + ")");
        }
    }

    private static boolean isSelected(Platform platform, ConvertOptions options) {
        if (options.platforms().isEmpty()) {
            return true;
        }
        Platform normalized = platform.normalize();
        return options.platforms().stream().map(p -> Platform.parse(p).normalize()).anyMatch(normalized::matchesStrictly);
    }

    private static ImageIndex parseIndex(ManifestData data, String name) throws ManifestFormatException {
        try {
            return ImageIndex.parse(data.bytes());
        } catch (ManifestFormatException e) {
            throw new ManifestFormatException(name + ": " + e.getMessage());
        }
    }

    private static ImageManifest parseManifest(ManifestData data, String name) throws ManifestFormatException {
        try {
            return ImageManifest.parse(data.bytes());
        } catch (ManifestFormatException e) {
            throw new ManifestFormatException(name + ": " + e.getMessage());
        }
    }

    /** The platform an image config declares: architecture, os, os.version, os.features and variant. */
    private static Platform configPlatform(ImageStore store, ImageManifest manifest, String name) throws IOException {
        Descriptor config = manifest.config();
        if (config.size() > MAX_CONFIG_BYTES) {
            throw new ManifestFormatException(name + ": image config " + config.digest() + " is " + config.size() + " bytes, more than "
                    + MAX_CONFIG_BYTES);
        }
        JsonNode json;
        try (InputStream in = store.openBlob(config.digest(), config.size())) {
            byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES);
            if (bytes.length != config.size() || !Digests.sha256(bytes).equals(config.digest())) {
                throw new ManifestFormatException(name + ": image config " + config.digest() + " does not match its descriptor ("
                        + bytes.length + " bytes, digest " + Digests.sha256(bytes) + ")");
            }
            json = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ManifestFormatException(name + ": image config " + config.digest() + " is not JSON: " + e.getOriginalMessage());
        }
        String os = json.path("os").asText("");
        String architecture = json.path("architecture").asText("");
        if (os.isEmpty() || architecture.isEmpty()) {
            throw new ManifestFormatException(name + ": image config " + config.digest() + " names no os/architecture; is this a container image?");
        }
        List<String> features = new ArrayList<>();
        json.path("os.features").forEach(f -> features.add(f.asText()));
        return new Platform(architecture, os, json.path("os.version").asText(""), features, json.path("variant").asText("")).normalize();
    }
}
