package dev.sociindex.verify;

import dev.sociindex.ztoc.FileMetadata;
import dev.sociindex.ztoc.SpanLayout;
import dev.sociindex.ztoc.TocListing;
import dev.sociindex.ztoc.TocPaths;
import dev.sociindex.ztoc.Ztoc;
import dev.sociindex.ztoc.ZtocReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code ztoc get-file}: one file of a layer file read through its zTOC file, decoding only the spans that hold it
 * from their checkpoints and checking each span's digest first.
 */
public final class ZtocFileReader {
    private ZtocFileReader() {
    }

    public static FileRead read(Path ztocFile, Path layerFile, String path, OutputStream out) throws IOException {
        Ztoc ztoc = ZtocReader.read(Files.readAllBytes(ztocFile));
        String layer = layerFile.getFileName().toString();
        String key = TocPaths.key(path);
        TocListing listing = TocListing.of(ztoc);
        FileMetadata entry = listing.entry(key).orElseThrow(() -> new IOException(
                ztocFile + " lists no " + TocPaths.display(key) + (listing.hides(key) ? " (this layer whites it out)" : "")));
        SpanLayout layout = SpanLayout.of(ztoc);
        FileInLayer file = FileInLayer.locate(entry, listing, layout, TocPaths.display(key), layer);
        try (FileChannel data = FileChannel.open(layerFile, StandardOpenOption.READ)) {
            if (data.size() != ztoc.compressedArchiveSize()) {
                throw new IOException(layerFile + " has " + data.size() + " bytes but the zTOC describes a layer of "
                        + ztoc.compressedArchiveSize() + ": is it the layer this zTOC was built from?");
            }
            long spanBytes = 0;
            if (file.firstSpan() >= 0) {
                SpanExtractor extractor = new SpanExtractor(layout, ztoc.compressionInfo().spanDigests(), layer);
                extractor.verifySpans(file.firstSpan(), file.lastSpan(), data, 0);
                extractor.extract(file.firstSpan(), data, 0, file.data().uncompressedOffset(), file.data().uncompressedSize(), out);
                spanBytes = extractor.rangeEnd(file.lastSpan()) - extractor.rangeStart(file.firstSpan());
            }
            return new FileRead(TocPaths.display(key), layer, data.size(), file.data().uncompressedSize(), file.firstSpan(), file.lastSpan(),
                    0, Files.size(ztocFile), spanBytes, 0);
        }
    }
}
