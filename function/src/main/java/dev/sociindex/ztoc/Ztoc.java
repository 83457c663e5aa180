package dev.sociindex.ztoc;

import java.util.List;

/** The root FlatBuffers table {@code ztoc.Ztoc}: one per indexed layer. */
public record Ztoc(
        String version,
        String buildToolIdentifier,
        long compressedArchiveSize,
        long uncompressedArchiveSize,
        List<FileMetadata> files,
        CompressionInfo compressionInfo) {

    /** The only zTOC version defined. */
    public static final String VERSION = "0.9";

    public Ztoc {
        // a FileTable is immutable already, and copying would turn its compact entries back into objects
        files = files instanceof FileTable ? files : List.copyOf(files);
    }
}
