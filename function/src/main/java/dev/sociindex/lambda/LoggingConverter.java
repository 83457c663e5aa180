package dev.sociindex.lambda;

import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.cache.StoreOpener;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.convert.Converter;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The engine's converter with its progress (layer by layer) in the structured log. Most progress is reported from
 * the converter's layer worker threads, which do not have the invocation's logging context (the MDC is per thread:
 * request id, repository, digest, tag). So each conversion captures the calling thread's context, and every progress
 * line is written under it, whichever thread reports it.
 */
final class LoggingConverter implements Converter {
    private static final Logger LOG = LoggerFactory.getLogger(ImageConverter.class);

    private final ZtocReuse reuse;
    private final CheckpointSpill spill;
    private final ParallelDecoding decoding;

    /**
     * @param reuse the zTOC cache to consult, or {@link ZtocReuse#DISABLED}
     * @param spill where large layers' checkpoint windows wait: the function's ephemeral storage
     */
    LoggingConverter(ZtocReuse reuse, CheckpointSpill spill) {
        this(reuse, spill, ParallelDecoding.defaults());
    }

    /** @param decoding when a layer is decoded on several threads ({@code SOCI_DECODE_THREADS}) */
    LoggingConverter(ZtocReuse reuse, CheckpointSpill spill, ParallelDecoding decoding) {
        this.reuse = reuse;
        this.spill = spill;
        this.decoding = decoding;
    }

    @Override
    public ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options)
            throws IOException {
        Map<String, String> context = contextOf(MDC.getCopyOfContextMap());
        return new ImageConverter(message -> logUnder(context, message), reuse, spill, decoding)
                .convert(source, reference, target, options);
    }

    @Override
    public ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options,
                                    StoreOpener recordedStores) throws IOException {
        Map<String, String> context = contextOf(MDC.getCopyOfContextMap());
        return new ImageConverter(message -> logUnder(context, message), reuse.withStores(recordedStores), spill,
                decoding).convert(source, reference, target, options);
    }

    private static void logUnder(Map<String, String> context, String message) {
        Map<String, String> previous = contextOf(MDC.getCopyOfContextMap());
        MDC.setContextMap(context);
        try {
            LOG.info("{}", message);
        } finally {
            MDC.setContextMap(previous);
        }
    }

    private static Map<String, String> contextOf(Map<String, String> copy) {
        return copy == null ? Map.of() : copy;
    }
}
