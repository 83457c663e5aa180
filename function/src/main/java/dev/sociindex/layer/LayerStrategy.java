package dev.sociindex.layer;

import dev.sociindex.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;

/**
 * What is done with a layer blob, chosen from its media type alone (spec 2.1): one strategy per compression. Gzip and
 * uncompressed tar layers are indexed (gzip zinfo, tar zinfo); zstd, wrapped and non-layer types are skipped before
 * any byte is read. Every caller (the indexer, the converter's batch, the zTOC cache lookup) asks this one place.
 */
public sealed interface LayerStrategy {

    static LayerStrategy forMediaType(String mediaType) {
        if (!MediaTypes.isLayer(mediaType)) {
            return Skip.of(SkipReason.NOT_A_LAYER, mediaType);
        }
        return switch (MediaTypes.layerCompression(mediaType)) {
            case GZIP -> Zinfo.GZIP;
            case UNCOMPRESSED -> Zinfo.UNCOMPRESSED;
            case ZSTD -> Skip.of(SkipReason.ZSTD);
            case UNSUPPORTED -> Skip.of(SkipReason.UNSUPPORTED_MEDIA_TYPE, mediaType);
        };
    }

    /** A layer SOCI cannot index; the specifics fill the reason's wording. */
    record Skip(SkipReason reason, String detail) implements LayerStrategy {
        static Skip of(SkipReason reason, Object... specifics) {
            return new Skip(reason, reason.detail(specifics));
        }

        public LayerResult.Skipped result(LayerDescriptor layer) {
            return new LayerResult.Skipped(layer, reason, detail);
        }
    }

    /** A compression SOCI indexes, with the zinfo it gets. */
    enum Zinfo implements LayerStrategy {
        /** Checkpoints with their windows at deflate block boundaries (spec 2.2). */
        GZIP {
            @Override
            public ZtocDraft draft(ZtocBuilder builder, InputStream blob, long compressedSize) throws IOException {
                return builder.draftGzip(blob, compressedSize);
            }
        },
        /** Fixed-size spans of the tar itself (spec 2.5). */
        UNCOMPRESSED {
            @Override
            public ZtocDraft draft(ZtocBuilder builder, InputStream blob, long compressedSize) throws IOException {
                return builder.draftUncompressed(blob);
            }
        };

        /** The zTOC of {@code blob} (of that size in bytes, negative if unknown), read to the end of its archive. */
        public abstract ZtocDraft draft(ZtocBuilder builder, InputStream blob, long compressedSize) throws IOException;
    }
}
