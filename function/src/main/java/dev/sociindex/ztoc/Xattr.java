package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;

/** One entry of a zTOC file's {@code xattrs}: in practice any PAX record of the tar entry. */
public record Xattr(RawBytes key, RawBytes value) {
}
