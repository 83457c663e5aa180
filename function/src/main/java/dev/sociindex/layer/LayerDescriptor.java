package dev.sociindex.layer;

/**
 * The image-manifest descriptor of a layer: what the blob must hash to, how long it is and how it is encoded. A
 * descriptor made by {@link #unverified} has no digest (null): a local file nobody claimed a digest for, which the
 * indexer neither hashes nor checks (only its size).
 */
public record LayerDescriptor(String digest, long size, String mediaType) {

    /** A blob known only by its size and media type, such as a file given to {@code ztoc build}. */
    public static LayerDescriptor unverified(long size, String mediaType) {
        return new LayerDescriptor(null, size, mediaType);
    }

    public boolean hasDigest() {
        return digest != null;
    }

    @Override
    public String toString() {
        return "layer " + (digest != null ? digest : "(no digest)") + " (" + mediaType + ", " + size + " bytes)";
    }
}
