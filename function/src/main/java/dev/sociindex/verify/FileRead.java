package dev.sociindex.verify;

/**
 * What reading one file back through a SOCI index took.
 *
 * @param layer           the layer that held the file (digest, or the layer file's name when read locally)
 * @param layerSize       compressed size of that layer
 * @param firstSpan       first span decoded; -1 when no span was needed (an empty file, or a layer without zTOC)
 * @param manifestBytes   bytes of manifests fetched (image index, image manifest, SOCI index)
 * @param ztocBytes       bytes of zTOCs fetched (of every layer searched)
 * @param spanBytes       compressed bytes of the spans fetched
 * @param wholeLayerBytes bytes of layers without a zTOC, which had to be fetched whole
 */
public record FileRead(String path, String layer, long layerSize, long fileSize, int firstSpan, int lastSpan, long manifestBytes,
        long ztocBytes, long spanBytes, long wholeLayerBytes) {

    /** Everything fetched. */
    public long fetched() {
        return manifestBytes + ztocBytes + spanBytes + wholeLayerBytes;
    }

    /** One line for people: how much was fetched against the layer's size. */
    public String summary() {
        String spans = firstSpan < 0 ? "no span" : firstSpan == lastSpan ? "span " + firstSpan : "spans " + firstSpan + ".." + lastSpan;
        return String.format("%s: %d bytes from %s (%s); fetched %d bytes (zTOC %d, spans %d, manifests %d%s) of the layer's %d bytes (%.1f%%)",
                path, fileSize, layer, spans, fetched(), ztocBytes, spanBytes, manifestBytes,
                wholeLayerBytes > 0 ? ", whole layers without zTOC " + wholeLayerBytes : "", layerSize,
                layerSize == 0 ? 0.0 : 100.0 * fetched() / layerSize);
    }
}
