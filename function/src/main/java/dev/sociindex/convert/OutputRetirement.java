package dev.sociindex.convert;

import dev.sociindex.contract.OutputTags;
import dev.sociindex.index.SociV2Assembler;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import dev.sociindex.store.TagRemover;
import java.io.IOException;
import java.util.Optional;

/**
 * The lifecycle of outputs: when a source tag is deleted, its {@code <tag>-soci} goes too, but only when it holds our
 * output built from that very source (our source-digest annotation equals the deleted image's digest). Anything
 * else under that name (a user's own image, the output of a newer push) is left alone. Only the tag is removed;
 * other tags of the same output stay.
 */
public final class OutputRetirement {
    /** What happened to the output tag. */
    public enum Result {
        UNTAGGED("untagged"),
        /** There is no {@code <tag>-soci}. */
        ABSENT("absent"),
        /** {@code <tag>-soci} exists but was not built from the deleted image. */
        NOT_OURS("not-ours");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final TagRemover tags;

    public OutputRetirement(TagRemover tags) {
        this.tags = tags;
    }

    /** @param store the repository the source tag was deleted from */
    public Result retire(ImageStore store, String repository, String sourceTag, String sourceDigest, String suffix) throws IOException {
        String outputTag = OutputTags.outputTag(sourceTag, suffix);
        Optional<ManifestData> output = store.getManifest(outputTag);
        if (output.isEmpty()) {
            return Result.ABSENT;
        }
        if (!builtFrom(output.get(), sourceDigest)) {
            return Result.NOT_OURS;
        }
        return tags.removeTag(repository, outputTag) ? Result.UNTAGGED : Result.ABSENT;
    }

    private static boolean builtFrom(ManifestData output, String sourceDigest) {
        if (!MediaTypes.isIndex(output.mediaType())) {
            return false;
        }
        try {
            return SociV2Assembler.sourceDigest(ImageIndex.parse(output.bytes())).map(sourceDigest::equals).orElse(false);
        } catch (ManifestFormatException e) {
            return false;
        }
    }
}
