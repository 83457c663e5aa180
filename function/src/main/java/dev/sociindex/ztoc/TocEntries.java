package dev.sociindex.ztoc;

import dev.sociindex.bytes.RawBytes;
import dev.sociindex.tar.PaxRecord;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.UnsupportedTarException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps one tar entry to its zTOC {@link FileMetadata}, field by field as Go's {@code toc_builder.go} (spec 1.4). */
public final class TocEntries {
    private TocEntries() {
    }

    /**
     * @throws UnsupportedTarException for a type flag the zTOC has no type string for (Go aborts the build on
     *                                 these; we let the caller skip the layer)
     */
    public static FileMetadata fromTarEntry(TarEntry entry) throws UnsupportedTarException {
        return new FileMetadata(
                entry.name(),
                typeName(entry),
                entry.dataOffset(),
                entry.size(), // stored for header-only types too, as Go does (spec 1.5 for the consequence)
                entry.linkName(),
                entry.mode(),
                entry.uid(),
                entry.gid(),
                entry.userName(),
                entry.groupName(),
                GoTimeText.marshalText(entry.modTimeSeconds(), entry.modTimeNanos()),
                entry.devMajor(),
                entry.devMinor(),
                xattrs(entry.paxRecords()));
    }

    private static String typeName(TarEntry entry) throws UnsupportedTarException {
        return switch (entry.typeflag()) {
            case '0' -> "reg";
            case '1' -> "hardlink";
            case '2' -> "symlink";
            case '3' -> "char";
            case '4' -> "block";
            case '5' -> "dir";
            case '6' -> "fifo";
            default -> throw new UnsupportedTarException("tar entry '" + entry.name() + "' with header at offset "
                    + entry.headerOffset() + " has type flag " + describe(entry.typeflag())
                    + ", which a zTOC cannot describe");
        };
    }

    private static String describe(char typeflag) {
        return typeflag >= 0x20 && typeflag < 0x7f ? "'" + typeflag + "'" : String.format("0x%02x", (int) typeflag);
    }

    /**
     * Every PAX record, sorted bytewise by key. Go keeps them in a map, so when a key repeats the last value wins;
     * the same happens here.
     */
    private static List<Xattr> xattrs(List<PaxRecord> records) {
        Map<RawBytes, RawBytes> byKey = new TreeMap<>();
        for (PaxRecord record : records) {
            byKey.put(record.key(), record.value());
        }
        List<Xattr> out = new ArrayList<>(byKey.size());
        byKey.forEach((key, value) -> out.add(new Xattr(key, value)));
        return out;
    }
}
