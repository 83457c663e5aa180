package dev.sociindex.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.index.SociAnnotations;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.store.ImageStore;
import dev.sociindex.verify.ImageVerifier;
import dev.sociindex.verify.VerificationReport;
import java.io.IOException;
import java.util.List;

/** Reading back and checking conversion output, shared by the conversion tests. */
final class ConversionChecks {
    private ConversionChecks() {
    }

    /** Runs the full {@link ImageVerifier} (layout, canonical JSON, every digest, every zTOC against its layer). */
    static VerificationReport assertVerifies(ImageStore store, String reference) throws IOException {
        VerificationReport report = new ImageVerifier(store).verify(reference);
        assertEquals(List.of(), report.problems(), store.description() + ":" + reference + " does not verify");
        assertTrue(report.sociIndexes() > 0 && report.ztocs() > 0, "verified nothing: " + report);
        return report;
    }

    static ImageIndex index(ImageStore store, String reference) throws IOException {
        return ImageIndex.parse(store.getManifest(reference).orElseThrow(
                () -> new AssertionError(store.description() + " has no " + reference)).bytes());
    }

    static ImageManifest manifest(ImageStore store, String reference) throws IOException {
        return ImageManifest.parse(store.getManifest(reference).orElseThrow(
                () -> new AssertionError(store.description() + " has no " + reference)).bytes());
    }

    /** The layer digests a SOCI index covers, in its order. */
    static List<String> indexedLayers(ImageManifest sociIndex) {
        return sociIndex.layerList().stream().map(d -> d.annotations().get(SociAnnotations.IMAGE_LAYER_DIGEST)).toList();
    }

    static List<Descriptor> sociDescriptors(ImageIndex index) {
        return index.manifestList().stream().filter(SociV2Assembler::isSociDescriptor).toList();
    }

    static List<String> digests(List<Descriptor> descriptors) {
        return descriptors.stream().map(Descriptor::digest).toList();
    }
}
