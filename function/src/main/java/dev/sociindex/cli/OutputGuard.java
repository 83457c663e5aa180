package dev.sociindex.cli;

import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageReference;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.util.Optional;

/**
 * Keeps {@code convert} from writing over what it must not: the source's own tag (a usage error, before any work),
 * and an existing output tag that holds something this tool did not write (a failure, unless
 * {@code --overwrite-tag}).
 */
final class OutputGuard {
    private OutputGuard() {
    }

    /**
     * @param source      what is converted
     * @param destination {@code --to}, or null to write next to the source
     * @param outputTag   the tag the result gets
     */
    static void checkNotSource(String sourceText, ImageReference source, ImageReference destination, String outputTag) {
        if (destination != null && destination.reference().startsWith("sha256:")) {
            throw new UsageException("--to names a digest (" + destination.reference() + "): the output needs a tag");
        }
        ImageReference.Location target = destination == null ? source.location() : destination.location();
        if (outputTag.equals(source.reference()) && SameLocation.same(source.location(), target)) {
            throw new UsageException("the output " + outputTag + " is the source " + sourceText
                    + " itself, which is never written: choose another --output-tag, --tag-suffix or --to");
        }
    }

    /** The output tag of a source named by tag: {@code --output-tag}, or the tag in {@code --to}, or tag + suffix. */
    static String outputTag(ImageReference source, String explicitTag, String suffix) {
        if (explicitTag != null) {
            return explicitTag;
        }
        if (source.reference().startsWith("sha256:")) {
            throw new UsageException("the source is named by digest " + source.reference()
                    + ": give the output a tag (--output-tag, or a tag in --to)");
        }
        try {
            return dev.sociindex.contract.OutputTags.outputTag(source.reference(), suffix);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Fails when {@code tag} already holds something that is not one of our outputs, unless overwriting is asked for. */
    static void checkExistingTag(ImageStore target, String tag, boolean overwrite) throws IOException {
        if (overwrite) {
            return;
        }
        Optional<ManifestData> existing = target.getManifest(tag);
        if (existing.isPresent() && !ours(existing.get())) {
            throw new IOException(target.description() + ":" + tag + " already holds " + what(existing.get())
                    + ", which soci-builder did not write; give --overwrite-tag to replace it, or another output tag");
        }
    }

    private static boolean ours(ManifestData manifest) {
        if (!MediaTypes.isIndex(manifest.mediaType())) {
            return false;
        }
        try {
            return SociV2Assembler.sourceDigest(ImageIndex.parse(manifest.bytes())).isPresent();
        } catch (ManifestFormatException e) {
            return false;
        }
    }

    private static String what(ManifestData manifest) {
        String kind = MediaTypes.isIndex(manifest.mediaType()) ? "an image index" : "an image manifest";
        return kind + " " + manifest.digest() + " (" + manifest.mediaType() + ")";
    }
}
