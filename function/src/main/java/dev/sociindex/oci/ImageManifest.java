package dev.sociindex.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest (image-spec v1.1.1 {@code Manifest}); also reads Docker schema 2 manifests, which have the
 * same shape. Go field order: schemaVersion, mediaType (omitempty), artifactType (omitempty), config (always),
 * layers (always: a nil slice is written as {@code null}, so {@code layers} is null here when the input had
 * none), subject (omitempty pointer, null = unset), annotations (omitempty).
 */
public record ImageManifest(
        long schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) implements CanonicalJson {

    public ImageManifest {
        mediaType = Objects.requireNonNullElse(mediaType, "");
        artifactType = Objects.requireNonNullElse(artifactType, "");
        config = Objects.requireNonNullElse(config, Descriptor.ZERO);
        layers = layers == null ? null : List.copyOf(layers);
        annotations = Maps.sortedCopy(annotations);
    }

    /** Decodes as Go's {@code json.Unmarshal} into {@code ocispec.Manifest}: unknown members are dropped. */
    public static ImageManifest parse(byte[] json) {
        GoJsonObject root = GoJsonObject.parse(json, "image manifest");
        return new ImageManifest(
                root.int64("schemaVersion"),
                root.string("mediaType"),
                root.string("artifactType"),
                root.object("config").map(Descriptor::read).orElse(Descriptor.ZERO),
                root.arrayOrNull("layers", Descriptor::read, Descriptor.ZERO),
                root.object("subject").map(Descriptor::read).orElse(null),
                root.stringMap("annotations"));
    }

    /** The layers, treating Go's nil slice as empty. */
    public List<Descriptor> layerList() {
        return layers == null ? List.of() : layers;
    }

    public ImageManifest withMediaType(String newMediaType) {
        return new ImageManifest(schemaVersion, newMediaType, artifactType, config, layers, subject, annotations);
    }

    public ImageManifest withConfig(Descriptor newConfig) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, newConfig, layers, subject, annotations);
    }

    public ImageManifest withAnnotation(String key, String value) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject,
                Maps.with(annotations, key, value));
    }

    @Override
    public void writeTo(GoJson json) {
        json.beginObject()
                .member("schemaVersion", schemaVersion)
                .memberOmitEmpty("mediaType", mediaType)
                .memberOmitEmpty("artifactType", artifactType)
                .name("config");
        config.writeTo(json);
        json.name("layers");
        writeList(json, layers);
        if (subject != null) {
            json.name("subject");
            subject.writeTo(json);
        }
        json.memberOmitEmpty("annotations", annotations).endObject();
    }

    static void writeList(GoJson json, List<Descriptor> descriptors) {
        if (descriptors == null) {
            json.nullValue();
            return;
        }
        json.beginArray();
        for (Descriptor descriptor : descriptors) {
            descriptor.writeTo(json);
        }
        json.endArray();
    }
}
