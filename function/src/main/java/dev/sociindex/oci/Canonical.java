package dev.sociindex.oci;

import java.util.Arrays;

/**
 * A manifest or index together with its canonical bytes and their digest: the three always agree, because the
 * bytes are produced here from the value. The bytes are copied in and out.
 */
public final class Canonical<T extends CanonicalJson> {
    private final T value;
    private final byte[] bytes;
    private final String digest;
    private final String mediaType;

    private Canonical(T value, String mediaType) {
        this.value = value;
        this.bytes = value.toJson();
        this.digest = Digests.sha256(bytes);
        this.mediaType = mediaType;
    }

    public static Canonical<ImageManifest> of(ImageManifest manifest) {
        return new Canonical<>(manifest, manifest.mediaType());
    }

    public static Canonical<ImageIndex> of(ImageIndex index) {
        return new Canonical<>(index, index.mediaType());
    }

    public T value() {
        return value;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String digest() {
        return digest;
    }

    public long size() {
        return bytes.length;
    }

    public String mediaType() {
        return mediaType;
    }

    /** A descriptor of this content (media type, digest, size), to be refined with annotations or platform. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** What an {@code ImageStore} stores. */
    public ManifestData toManifestData() {
        return new ManifestData(bytes.clone(), mediaType, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Canonical<?> other && Arrays.equals(bytes, other.bytes) && mediaType.equals(other.mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + bytes.length + " bytes)";
    }
}
