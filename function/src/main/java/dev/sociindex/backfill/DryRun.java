package dev.sociindex.backfill;

import dev.sociindex.backfill.BackfillSummary.ImageOutcome;
import dev.sociindex.backfill.BackfillSummary.Outcome;
import dev.sociindex.contract.OutputTags;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a backfill would do with one image, from manifests alone (no layer is read): up to date (the output tag
 * holds an index built from this source digest with these options), would skip (no layer qualifies for a zTOC), or
 * would convert.
 */
final class DryRun {
    private DryRun() {
    }

    static ImageOutcome assess(ImageStore store, String repository, String tag, ConvertOptions options) throws IOException {
        Optional<ManifestData> source = store.getManifest(tag);
        if (source.isEmpty()) {
            return new ImageOutcome(repository, tag, Outcome.FAILED, "no such image");
        }
        Optional<ManifestData> output = store.getManifest(OutputTags.outputTag(tag, options.tagSuffix()));
        if (output.isPresent() && builtFrom(output.get(), source.get().digest(), ImageConverter.buildOptions(options))) {
            return new ImageOutcome(repository, tag, Outcome.UP_TO_DATE, null);
        }
        List<Descriptor> layers = layers(store, source.get());
        if (layers.stream().noneMatch(l -> qualifies(l, options))) {
            return new ImageOutcome(repository, tag, Outcome.WOULD_SKIP, "no layer qualifies for a zTOC: " + layers.size()
                    + " layer(s), none both gzip or tar and at least " + options.minLayerSize() + " bytes");
        }
        return new ImageOutcome(repository, tag, Outcome.PLANNED, null);
    }

    private static boolean builtFrom(ManifestData output, String sourceDigest, String buildOptions) {
        if (!MediaTypes.isIndex(output.mediaType())) {
            return false;
        }
        ImageIndex index = ImageIndex.parse(output.bytes());
        return SociV2Assembler.sourceDigest(index).map(sourceDigest::equals).orElse(false)
                && buildOptions.equals(index.annotations().get(SociAnnotations.BUILD_OPTIONS));
    }

    /** The layers of an image, or of every image manifest an index lists. */
    private static List<Descriptor> layers(ImageStore store, ManifestData top) throws IOException {
        if (!MediaTypes.isIndex(top.mediaType())) {
            return ImageManifest.parse(top.bytes()).layerList();
        }
        List<Descriptor> layers = new ArrayList<>();
        for (Descriptor child : ImageIndex.parse(top.bytes()).manifestList()) {
            Optional<ManifestData> manifest = MediaTypes.isIndex(child.mediaType()) ? Optional.empty() : store.getManifest(child.digest());
            if (manifest.isPresent()) {
                layers.addAll(ImageManifest.parse(manifest.get().bytes()).layerList());
            }
        }
        return layers;
    }

    private static boolean qualifies(Descriptor layer, ConvertOptions options) {
        if (!MediaTypes.isLayer(layer.mediaType()) || layer.size() < options.minLayerSize()) {
            return false;
        }
        return switch (MediaTypes.layerCompression(layer.mediaType())) {
            case GZIP, UNCOMPRESSED -> true;
            default -> false;
        };
    }
}
