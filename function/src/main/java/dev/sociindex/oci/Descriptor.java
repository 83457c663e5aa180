package dev.sociindex.oci;

import dev.sociindex.bytes.RawBytes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor (image-spec v1.1.1). Go field order: mediaType, digest, size (all three always
 * written, even when empty), then the omitempty fields urls, annotations, data, platform, artifactType.
 * Strings are never null ({@code ""} = unset), empty lists/maps/data mean unset, {@code platform} is null when
 * unset (an empty-but-present platform is written as {@code {"architecture":"","os":""}}, as Go does).
 */
public record Descriptor(
        String mediaType,
        String digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        RawBytes data,
        Platform platform,
        String artifactType) implements CanonicalJson {

    /** Go's zero value, what a missing or {@code null} non-pointer descriptor decodes to. */
    public static final Descriptor ZERO = of("", "", 0);

    public Descriptor {
        mediaType = Objects.requireNonNullElse(mediaType, "");
        digest = Objects.requireNonNullElse(digest, "");
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = Maps.sortedCopy(annotations);
        data = Objects.requireNonNullElse(data, RawBytes.EMPTY);
        artifactType = Objects.requireNonNullElse(artifactType, "");
    }

    public static Descriptor of(String mediaType, String digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), RawBytes.EMPTY, null, "");
    }

    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, digest, size, urls, annotations, data, platform, artifactType);
    }

    /** Points the descriptor at other content; embedded {@code data} would no longer match, so it is dropped. */
    public Descriptor withContent(String newDigest, long newSize) {
        return new Descriptor(mediaType, newDigest, newSize, urls, annotations, RawBytes.EMPTY, platform, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, data, platform, artifactType);
    }

    public Descriptor withAnnotation(String key, String value) {
        return withAnnotations(Maps.with(annotations, key, value));
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, newPlatform, artifactType);
    }

    public Descriptor withArtifactType(String newArtifactType) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, platform, newArtifactType);
    }

    @Override
    public void writeTo(GoJson json) {
        json.beginObject()
                .member("mediaType", mediaType)
                .member("digest", digest)
                .member("size", size)
                .memberOmitEmpty("urls", urls)
                .memberOmitEmpty("annotations", annotations);
        if (!data.isEmpty()) {
            json.name("data").base64(data.toByteArray());
        }
        if (platform != null) {
            json.name("platform");
            platform.writeTo(json);
        }
        json.memberOmitEmpty("artifactType", artifactType).endObject();
    }

    static Descriptor read(GoJsonObject json) {
        return new Descriptor(
                json.string("mediaType"),
                json.string("digest"),
                json.int64("size"),
                json.strings("urls"),
                json.stringMap("annotations"),
                json.base64("data"),
                json.object("platform").map(Platform::read).orElse(null),
                json.string("artifactType"));
    }
}
