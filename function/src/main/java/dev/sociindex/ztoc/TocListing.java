package dev.sociindex.ztoc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of one layer by cleaned path, with what the layer deletes from the layers below it: overlay
 * whiteouts ({@code .wh.NAME}), opaque directories ({@code .wh..wh..opq}) and directories replaced by other
 * types. When a name repeats in one tar the later entry wins, as extraction does.
 */
public final class TocListing {
    /** Prefix of a whiteout file: {@code dir/.wh.NAME} deletes {@code dir/NAME} of the lower layers. */
    public static final String WHITEOUT_PREFIX = ".wh.";
    /** An opaque-directory marker: the directory holding it hides everything of the lower layers in it. */
    public static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final Map<String, FileMetadata> entries = new HashMap<>();

    public TocListing(List<FileMetadata> files) {
        for (FileMetadata file : files) {
            entries.put(TocPaths.key(file.name()), file);
        }
    }

    public static TocListing of(Ztoc ztoc) {
        return new TocListing(ztoc.files());
    }

    /** This layer's own entry for {@code key}, unless the name is itself a whiteout marker. */
    public Optional<FileMetadata> entry(String key) {
        if (TocPaths.base(key).startsWith(WHITEOUT_PREFIX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Whether this layer hides {@code key} as the lower layers have it: a whiteout of the path or of a directory
     * above it, an opaque marker in a directory above it, or a directory above it that is not a directory here.
     * Only meaningful when {@link #entry} found nothing.
     */
    public boolean hides(String key) {
        String path = key;
        while (!path.isEmpty()) {
            String dir = TocPaths.parent(path);
            if (entries.containsKey(TocPaths.child(dir, WHITEOUT_PREFIX + TocPaths.base(path)))) {
                return true;
            }
            if (entries.containsKey(TocPaths.child(dir, OPAQUE_MARKER))) {
                return true;
            }
            FileMetadata ancestor = entries.get(dir);
            if (!dir.isEmpty() && ancestor != null && !ancestor.type().equals("dir")) {
                return true;
            }
            path = dir;
        }
        return false;
    }

    /**
     * The reference's {@code shouldDisableXattrs} (spec 4.6): true when no entry has a {@code SCHILY.xattr.*} PAX
     * record and no entry name ends in {@code .wh..wh..opq} (opaque directories need the xattr the snapshotter
     * synthesises). Works from the TOC alone, so a cached zTOC gives the same answer as the layer.
     */
    public static boolean xattrsCanBeDisabled(Ztoc ztoc) {
        for (FileMetadata file : ztoc.files()) {
            if (file.name().endsWith(OPAQUE_SUFFIX)) {
                return false;
            }
            for (Xattr xattr : file.xattrs()) {
                if (xattr.key().startsWith(SCHILY_XATTR)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final dev.sociindex.bytes.RawBytes OPAQUE_SUFFIX = dev.sociindex.bytes.RawBytes.utf8(OPAQUE_MARKER);
    private static final dev.sociindex.bytes.RawBytes SCHILY_XATTR = dev.sociindex.bytes.RawBytes.utf8("SCHILY.xattr.");
}
