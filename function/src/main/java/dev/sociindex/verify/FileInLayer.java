package dev.sociindex.verify;

import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.SpanLayout;
import dev.sociindex.ztoc.TocListing;
import dev.sociindex.ztoc.TocPaths;
import java.io.IOException;

/**
 * Where a regular file's bytes are in a layer: the entry that holds them (a hard link's target, resolved among the
 * layer's own entries as the snapshotter does) and the spans they lie in.
 */
record FileInLayer(FileMetadata data, int firstSpan, int lastSpan) {

    static FileInLayer locate(FileMetadata entry, TocListing listing, SpanLayout layout, String path, String layer) throws IOException {
        FileMetadata data = dataEntry(entry, listing, path, layer);
        if (data.uncompressedSize() == 0) {
            return new FileInLayer(data, -1, -1);
        }
        try {
            int[] spans = layout.spansFor(data.uncompressedOffset(), data.uncompressedSize());
            return new FileInLayer(data, spans[0], spans[1]);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + " in " + layer + ": " + e.getMessage(), e);
        }
    }

    static FileMetadata dataEntry(FileMetadata entry, TocListing listing, String path, String layer) throws IOException {
        FileMetadata data = entry;
        if (entry.type().equals("hardlink")) {
            String target = TocPaths.key(entry.linkName());
            data = listing.entry(target).orElseThrow(() -> new IOException(path + " in " + layer + " is a hard link to "
                    + TocPaths.display(target) + ", which that layer does not hold"));
        }
        if (data.type().equals("symlink")) {
            throw new IOException(path + " in " + layer + " is a symbolic link to " + data.linkName().utf8String() + "; ask for that path");
        }
        if (!data.type().equals("reg")) {
            throw new IOException(path + " in " + layer + " is a " + data.type() + ", not a regular file");
        }
        return data;
    }
}
