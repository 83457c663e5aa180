package dev.sociindex.convert;

import dev.sociindex.index.SociAnnotations;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The output of {@code --tag-when-empty} when no layer of any platform qualifies: an OCI image index of the
 * unchanged image manifests (no SOCI descriptors), so that a pipeline deploying {@code <tag>-soci} keeps working
 * and simply pulls the image in full. It carries our source digest and build options (a rerun is
 * {@code already-converted}) and {@link SociAnnotations#NO_SOCI_INDEX}, which {@code verify} accepts.
 */
final class PassThroughIndex {
    private PassThroughIndex() {
    }

    static Canonical<ImageIndex> write(SourceImage image, ManifestData top, Map<String, LayerResult> layerResults, ImageStore target,
            String outputTag, String buildOptions) throws IOException {
        ImageIndex index;
        if (image.index().isPresent()) {
            index = image.index().get().withMediaType(MediaTypes.OCI_INDEX);
        } else {
            SourceImage.Child child = image.children().get(0);
            Descriptor descriptor = Descriptor.of(top.mediaType(), top.digest(), top.bytes().length)
                    .withAnnotations(child.manifest().annotations())
                    .withPlatform(child.platform());
            index = new ImageIndex(2, MediaTypes.OCI_INDEX, "", List.of(descriptor), null, Map.of());
        }
        Canonical<ImageIndex> output = Canonical.of(index
                .withAnnotation(SociAnnotations.SOURCE_DIGEST, top.digest())
                .withAnnotation(SociAnnotations.BUILD_OPTIONS, buildOptions)
                .withAnnotation(SociAnnotations.NO_SOCI_INDEX, reasons(layerResults)));
        if (target != image.store()) {
            image.copyTo(target);
            for (SourceImage.Child child : image.children()) {
                ManifestData manifest = child.digest().equals(top.digest()) ? top : image.store().getManifest(child.digest())
                        .orElseThrow(() -> new ManifestFormatException(image.name() + ": manifest " + child.digest() + " disappeared"));
                target.putManifest(child.digest(), manifest);
            }
        }
        target.putManifest(outputTag, output.toManifestData());
        return output;
    }

    /** The distinct skip codes, e.g. {@code below-min-size,zstd}: why nothing qualified. */
    private static String reasons(Map<String, LayerResult> layerResults) {
        TreeSet<String> codes = new TreeSet<>();
        for (LayerResult result : layerResults.values()) {
            if (result instanceof LayerResult.Skipped skipped) {
                codes.add(skipped.reason().code());
            }
        }
        return codes.isEmpty() ? "no-layers" : String.join(",", codes);
    }
}
