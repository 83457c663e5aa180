package dev.sociindex.convert;

import dev.sociindex.gzip.ParallelDecoding;
import dev.sociindex.cache.CachedZtoc;
import dev.sociindex.cache.StoreOpener;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.convert.ConversionResult.LayerOutcome;
import dev.sociindex.convert.ConversionResult.PlatformResult;
import dev.sociindex.convert.ConversionResult.Status;
import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.oci.Platform;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociEntry;
import dev.sociindex.index.SociIndexManifest;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.index.ZtocReference;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.store.ImageStore;
import dev.sociindex.ztoc.CheckpointSpill;
import dev.sociindex.oci.ManifestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts an image into the SOCI index manifest v2 layout (spec 4). The steps, in push order so that a crash at
 * any point leaves no tag pointing at something missing: index every distinct layer (in parallel, each streamed
 * once) and push each zTOC as soon as its layer is done, push the {@code {}} config, push each SOCI index S, push each rewritten image manifest M',
 * and last push the OCI image index under the output tag. The output is deterministic, so converting again gives
 * the same digests; an output tag already built from the same source digest is reported, not rebuilt.
 */
public final class ImageConverter implements Converter {
    private final ProgressListener progress;
    private final ZtocReuse reuse;
    private final CheckpointSpill spill;
    private final MemoryBudget memory;
    private final ParallelDecoding decoding;

    public ImageConverter(ProgressListener progress) {
        this(progress, ZtocReuse.DISABLED);
    }

    /** @param reuse takes zTOCs of layers indexed before from its cache instead of reading those layers again */
    public ImageConverter(ProgressListener progress, ZtocReuse reuse) {
        this(progress, reuse, CheckpointSpill.defaults());
    }

    /** @param spill where the checkpoint windows of large layers wait, on disk, until their zTOC is pushed */
    public ImageConverter(ProgressListener progress, ZtocReuse reuse, CheckpointSpill spill) {
        this(progress, reuse, spill, MemoryBudget.ofHeap().totalBytes());
    }

    /**
     * @param memoryBudgetBytes heap the layers indexed at once may take together (by their estimate,
     *                          {@link LayerFootprint}); by default this JVM's heap limit less 64 MiB
     */
    public ImageConverter(ProgressListener progress, ZtocReuse reuse, CheckpointSpill spill, long memoryBudgetBytes) {
        this(progress, reuse, spill, memoryBudgetBytes, ParallelDecoding.defaults());
    }

    /** @param decoding when a layer is decoded on several threads ({@code SOCI_DECODE_THREADS} by default) */
    public ImageConverter(ProgressListener progress, ZtocReuse reuse, CheckpointSpill spill,
                          ParallelDecoding decoding) {
        this(progress, reuse, spill, MemoryBudget.ofHeap().totalBytes(), decoding);
    }

    /** @param decoding when a layer is decoded on several threads ({@code SOCI_DECODE_THREADS} by default) */
    public ImageConverter(ProgressListener progress, ZtocReuse reuse, CheckpointSpill spill, long memoryBudgetBytes,
                          ParallelDecoding decoding) {
        this.progress = progress;
        this.reuse = reuse;
        this.spill = spill;
        this.memory = new MemoryBudget(memoryBudgetBytes);
        this.decoding = decoding;
    }

    public ImageConverter() {
        this(ProgressListener.SILENT);
    }

    @Override
    public ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options) throws IOException {
        return convert(source, reference, target, options, reuse);
    }

    @Override
    public ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options,
                                    StoreOpener recordedStores) throws IOException {
        return convert(source, reference, target, options, reuse.withStores(recordedStores));
    }

    private ConversionResult convert(ImageStore source, String reference, ImageStore target, ConvertOptions options,
                                     ZtocReuse reuse) throws IOException {
        String sourceName = source.description() + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        ManifestData top = source.getManifest(reference)
                .orElseThrow(() -> new ImageNotFoundException(sourceName + ": no such image"));
        String outputTag = outputTag(reference, options);
        String targetName = target.description() + ":" + outputTag;

        Optional<ManifestData> existing = target.getManifest(outputTag);
        if (!options.force() && existing.isPresent() && builtFrom(existing.get(), top.digest(), buildOptions(options))) {
            return new ConversionResult(Status.ALREADY_CONVERTED, sourceName, top.digest(), targetName, existing.get().digest(), List.of());
        }

        SourceImage image = SourceImage.read(source, sourceName, top, options);
        if (image.alreadyConverted()) {
            return new ConversionResult(Status.ALREADY_CONVERTED, sourceName, top.digest(), sourceName, top.digest(), List.of());
        }

        // 1. zTOCs: from the cache where it has them (not with --force), else built from the layers (in parallel,
        // each streamed once) and pushed, and recorded in the cache, as soon as each layer is done: a later attempt
        // (after a timeout) reuses them. Blobs may precede every manifest; the tag comes last.
        LayerBatch batch = new LayerBatch(source, options, progress, spill, memory, decoding);
        Map<String, LayerDescriptor> layers = new LinkedHashMap<>(image.layersToIndex());
        ZtocReuse.Session cache = reuse.session(target, options.spanSize(), options.buildToolIdentifier(), progress::message);
        Map<String, CachedZtoc> ztocs = options.force() ? new LinkedHashMap<>()
                : cache.reuse(layers.values().stream().filter(l -> batch.skipWithoutReading(l) == null).toList());
        layers.keySet().removeAll(ztocs.keySet());
        Map<String, LayerResult> layerResults = batch.indexAll(layers, indexed -> {
            target.putBlob(indexed.ztocDigest(), indexed.ztoc());
            cache.recordBuilt(indexed.layer().digest(), pushedZtoc(indexed, target));
        });
        ztocs.putAll(builtZtocs(layerResults, target));
        if (ztocs.isEmpty()) {
            List<PlatformResult> platforms = platformResults(image, layerResults, ztocs, Map.of());
            if (!options.tagWhenEmpty()) {
                return new ConversionResult(Status.SKIPPED, sourceName, top.digest(), null, null, platforms);
            }
            Canonical<ImageIndex> passThrough = PassThroughIndex.write(image, top, layerResults, target, outputTag, buildOptions(options));
            progress.message("no layer qualified; tagged " + targetName + " (" + passThrough.digest() + ") with the unchanged image manifests");
            return new ConversionResult(Status.SKIPPED, sourceName, top.digest(), targetName, passThrough.digest(), platforms);
        }

        // 1b. What the TOCs decide: disable-xattrs and prefetch spans, from the zTOC models (built or cached alike,
        //     both read back from the target, where every zTOC now is); prefetch path errors surface here, before
        //     any manifest is pushed.
        IndexExtras extras = IndexExtras.NONE;
        if (options.xattrOptimization() || !options.prefetchPaths().isEmpty()) {
            extras = IndexExtras.decide(image, source, ztocs, ZtocModels.load(ztocs, target), layerResults, options, progress);
        }

        // 2. The other blobs: the image's own (for --to), the prefetch artifacts and the {} config.
        if (target != source) {
            image.copyTo(target);
        }
        extras.pushPrefetch(target);
        target.putBlob(SociIndexManifest.CONFIG_DIGEST, SociIndexManifest.configBlob());

        // 3. Each SOCI index S, then each rewritten image manifest M', then the OCI index under the tag, last.
        Map<String, WrittenChild> written = writeManifests(image, ztocs, extras, target, options);
        ImageIndex output = assembleIndex(image, top.digest(), written);
        Canonical<ImageIndex> outputIndex = Canonical.of(output.withAnnotation(SociAnnotations.BUILD_OPTIONS, buildOptions(options)));
        target.putManifest(outputTag, outputIndex.toManifestData());
        progress.message("tagged " + targetName + " (" + outputIndex.digest() + ")");
        return new ConversionResult(Status.CONVERTED, sourceName, top.digest(), targetName, outputIndex.digest(),
                platformResults(image, layerResults, ztocs, written));
    }

    /** What was pushed for one child: its rewritten manifest M', and its SOCI index S when it got one. */
    private record WrittenChild(SourceImage.Child child, Canonical<ImageManifest> manifest, Optional<Canonical<ImageManifest>> sociIndex) {
        Optional<SociEntry> sociEntry() {
            return sociIndex.map(s -> new SociEntry(child.platform(), s, manifest.digest()));
        }
    }

    private static Map<String, WrittenChild> writeManifests(SourceImage image, Map<String, CachedZtoc> ztocs, IndexExtras extras,
            ImageStore target, ConvertOptions options) throws IOException {
        Map<String, WrittenChild> written = new LinkedHashMap<>();
        for (SourceImage.Child child : image.children()) {
            Optional<Canonical<ImageManifest>> soci = sociIndexFor(child, ztocs, extras, options);
            if (soci.isPresent()) {
                target.putManifest(soci.get().digest(), soci.get().toManifestData());
            }
            Canonical<ImageManifest> manifest = Canonical.of(
                    SociV2Assembler.rewriteImageManifest(child.manifest(), soci.map(Canonical::digest)));
            target.putManifest(manifest.digest(), manifest.toManifestData());
            written.put(child.digest(), new WrittenChild(child, manifest, soci));
        }
        return written;
    }

    private static ImageIndex assembleIndex(SourceImage image, String sourceDigest, Map<String, WrittenChild> written) {
        List<SociEntry> entries = written.values().stream().flatMap(w -> w.sociEntry().stream()).toList();
        if (image.index().isEmpty()) {
            return SociV2Assembler.singlePlatform(written.values().iterator().next().manifest(), entries.get(0), sourceDigest);
        }
        List<SociV2Assembler.ChildRewrite> rewrites = written.entrySet().stream()
                .map(e -> new SociV2Assembler.ChildRewrite(e.getKey(), e.getValue().manifest())).toList();
        return SociV2Assembler.multiPlatform(image.index().get(), sourceDigest, rewrites, entries);
    }

    private static String outputTag(String reference, ConvertOptions options) {
        if (options.outputTag() != null) {
            return options.outputTag();
        }
        if (reference.startsWith("sha256:")) {
            throw new IllegalArgumentException("the source is named by digest " + reference + ": give an output tag (--output-tag)");
        }
        return dev.sociindex.contract.OutputTags.outputTag(reference, options.tagSuffix());
    }

    /** Whether an existing output index records the same source digest and build options (our own annotations). */
    private static boolean builtFrom(ManifestData existing, String sourceDigest, String buildOptions) {
        if (!MediaTypes.isIndex(existing.mediaType())) {
            return false;
        }
        try {
            ImageIndex index = ImageIndex.parse(existing.bytes());
            return SociV2Assembler.sourceDigest(index).map(sourceDigest::equals).orElse(false)
                    && buildOptions.equals(index.annotations().get(SociAnnotations.BUILD_OPTIONS));
        } catch (ManifestFormatException e) {
            return false;
        }
    }

    /** The options that change the output, in a stable text form (a backfill dry run compares it too). */
    public static String buildOptions(ConvertOptions options) {
        String platforms = options.platforms().isEmpty() ? "all"
                : String.join(",", options.platforms().stream().map(p -> Platform.parse(p).normalize().format()).sorted().toList());
        // The later options are written only when set, so outputs built before they existed stay up to date.
        return "span-size=" + options.spanSize() + ";min-layer-size=" + options.minLayerSize() + ";platforms=" + platforms
                + ";build-tool=" + options.buildToolIdentifier()
                + (options.xattrOptimization() ? ";optimizations=xattr" : "")
                + (options.prefetchPaths().isEmpty() ? "" : ";prefetch=" + String.join(",", options.prefetchPaths()));
    }

    private static CachedZtoc pushedZtoc(LayerResult.Indexed indexed, ImageStore target) {
        return new CachedZtoc(indexed.ztocDigest(), indexed.ztoc().size(), target.description());
    }

    /** The zTOCs indexed (and pushed) now, by layer digest. */
    private static Map<String, CachedZtoc> builtZtocs(Map<String, LayerResult> layerResults, ImageStore target) {
        Map<String, CachedZtoc> built = new LinkedHashMap<>();
        for (LayerResult result : layerResults.values()) {
            if (result instanceof LayerResult.Indexed indexed) {
                built.put(indexed.layer().digest(), pushedZtoc(indexed, target));
            }
        }
        return built;
    }

    private static Optional<Canonical<ImageManifest>> sociIndexFor(SourceImage.Child child, Map<String, CachedZtoc> layerZtocs,
            IndexExtras extras, ConvertOptions options) {
        if (!child.selected()) {
            return Optional.empty();
        }
        List<ZtocReference> ztocs = new ArrayList<>();
        for (Descriptor layer : child.manifest().layerList()) {
            CachedZtoc ztoc = layerZtocs.get(layer.digest());
            if (ztoc != null) {
                ztocs.add(new ZtocReference(ztoc.ztocDigest(), ztoc.ztocSize(), layer.digest(), layer.mediaType(), options.spanSize(),
                        extras.disableXattrs(layer.digest())));
            }
        }
        return ztocs.isEmpty() ? Optional.empty()
                : Optional.of(Canonical.of(SociIndexManifest.build(ztocs, extras.prefetch(child.digest()), options.buildToolIdentifier())));
    }

    private static List<PlatformResult> platformResults(SourceImage image, Map<String, LayerResult> layerResults,
            Map<String, CachedZtoc> ztocs, Map<String, WrittenChild> written) {
        List<PlatformResult> platforms = new ArrayList<>();
        for (SourceImage.Child child : image.children()) {
            if (!child.selected()) {
                continue;
            }
            List<LayerOutcome> layers = new ArrayList<>();
            for (Descriptor layer : child.manifest().layerList()) {
                CachedZtoc ztoc = ztocs.get(layer.digest());
                if (ztoc != null) {
                    layers.add(new LayerOutcome(layer.digest(), layer.size(), layer.mediaType(), ztoc.ztocDigest(), ztoc.ztocSize(), null, null));
                } else {
                    LayerResult.Skipped skipped = (LayerResult.Skipped) layerResults.get(layer.digest());
                    layers.add(new LayerOutcome(layer.digest(), layer.size(), layer.mediaType(), null, 0, skipped.reason().code(),
                            skipped.detail()));
                }
            }
            Optional<WrittenChild> out = Optional.ofNullable(written.get(child.digest()));
            platforms.add(new PlatformResult(child.platform().format(), out.map(w -> w.manifest().digest()).orElse(null),
                    out.flatMap(WrittenChild::sociIndex).map(Canonical::digest).orElse(null), layers));
        }
        return platforms;
    }
}
