package dev.sociindex.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image index (image-spec v1.1.1 {@code Index}); also reads Docker manifest lists, which have the same
 * shape. Go field order: schemaVersion, mediaType (omitempty), artifactType (omitempty), manifests (always;
 * null here when the input had none, written as {@code null}), subject (omitempty pointer), annotations
 * (omitempty).
 */
public record ImageIndex(
        long schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) implements CanonicalJson {

    public ImageIndex {
        mediaType = Objects.requireNonNullElse(mediaType, "");
        artifactType = Objects.requireNonNullElse(artifactType, "");
        manifests = manifests == null ? null : List.copyOf(manifests);
        annotations = Maps.sortedCopy(annotations);
    }

    /** Decodes as Go's {@code json.Unmarshal} into {@code ocispec.Index}: unknown members are dropped. */
    public static ImageIndex parse(byte[] json) {
        GoJsonObject root = GoJsonObject.parse(json, "image index");
        return new ImageIndex(
                root.int64("schemaVersion"),
                root.string("mediaType"),
                root.string("artifactType"),
                root.arrayOrNull("manifests", Descriptor::read, Descriptor.ZERO),
                root.object("subject").map(Descriptor::read).orElse(null),
                root.stringMap("annotations"));
    }

    /** The child descriptors, treating Go's nil slice as empty. */
    public List<Descriptor> manifestList() {
        return manifests == null ? List.of() : manifests;
    }

    public ImageIndex withMediaType(String newMediaType) {
        return new ImageIndex(schemaVersion, newMediaType, artifactType, manifests, subject, annotations);
    }

    public ImageIndex withManifests(List<Descriptor> newManifests) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, newManifests, subject, annotations);
    }

    public ImageIndex withAnnotation(String key, String value) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, manifests, subject,
                Maps.with(annotations, key, value));
    }

    @Override
    public void writeTo(GoJson json) {
        json.beginObject()
                .member("schemaVersion", schemaVersion)
                .memberOmitEmpty("mediaType", mediaType)
                .memberOmitEmpty("artifactType", artifactType)
                .name("manifests");
        ImageManifest.writeList(json, manifests);
        if (subject != null) {
            json.name("subject");
            subject.writeTo(json);
        }
        json.memberOmitEmpty("annotations", annotations).endObject();
    }
}
