package dev.sociindex.layer;

/** The image-manifest descriptor of a layer: what the blob must hash to, how long it is and how it is encoded. */
public record LayerDescriptor(String digest, long size, String mediaType) {
    @Override
    public String toString() {
        return "layer " + digest + " (" + mediaType + ", " + size + " bytes)";
    }
}
