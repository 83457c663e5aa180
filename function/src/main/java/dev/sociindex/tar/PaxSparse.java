package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;
import java.util.Map;

/**
 * Recognises PAX-format GNU sparse files the way Go's {@code readGNUSparsePAXHeaders} does. Go rewrites such an
 * entry (logical size, name from {@code GNU.sparse.name}, map in the data for 1.0), which gives a TOC the
 * snapshotter cannot use; so they are unsupported. Unknown versions are plain files to Go, and to us.
 */
final class PaxSparse {
    private PaxSparse() {
    }

    /** The sparse format version ("0.0", "0.1", "1.0", or "0.x" when only a map says so), or null. */
    static String version(Map<RawBytes, RawBytes> pax) {
        String major = text(pax, "GNU.sparse.major");
        String minor = text(pax, "GNU.sparse.minor");
        if (major.equals("0") && (minor.equals("0") || minor.equals("1"))
                || major.equals("1") && minor.equals("0")) {
            return major + "." + minor;
        }
        if (!major.isEmpty() || !minor.isEmpty()) {
            return null;
        }
        return text(pax, PaxRecordParser.SPARSE_MAP).isEmpty() ? null : "0.x";
    }

    private static String text(Map<RawBytes, RawBytes> pax, String key) {
        RawBytes value = pax.get(RawBytes.utf8(key));
        return value == null ? "" : PaxRecordParser.latin1(value);
    }
}
