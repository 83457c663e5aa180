package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the entry Go's {@code tar.Reader.Next} would return from a file header and the meta headers before it,
 * in Go's order: PAX overrides ({@code mergePAX}), then GNU long name and link, then the legacy NUL type flag,
 * then the size check; finally rejects what SOCI cannot index.
 */
final class TarEntryAssembler {
    private static final RawBytes SLASH = RawBytes.utf8("/");

    private final TarHeader header;
    private final long fileHeaderOffset;

    private RawBytes name;
    private RawBytes linkName;
    private RawBytes userName;
    private RawBytes groupName;
    private long size;
    private long uid;
    private long gid;
    private PaxTime modTime;

    private TarEntryAssembler(TarHeader header, long fileHeaderOffset) {
        this.header = header;
        this.fileHeaderOffset = fileHeaderOffset;
        this.name = header.name();
        this.linkName = header.linkName();
        this.userName = header.userName();
        this.groupName = header.groupName();
        this.size = header.size();
        this.uid = header.uid();
        this.gid = header.gid();
        this.modTime = new PaxTime(header.modTimeSeconds(), 0);
    }

    /**
     * @param pax              records of the {@code x} header just before, or an empty map
     * @param gnuLongName      content of a GNU {@code L} header, or empty (Go ignores an empty long name)
     * @param gnuLongLink      content of a GNU {@code K} header, or empty
     * @param headerOffset     offset of the first (meta) header block of this entry
     * @param fileHeaderOffset offset of the file's own header block, where problems are reported
     * @param dataOffset       offset just after the file's header block
     */
    static TarEntry assemble(TarHeader header, Map<RawBytes, RawBytes> pax, RawBytes gnuLongName,
            RawBytes gnuLongLink, long headerOffset, long fileHeaderOffset, long dataOffset)
            throws TarFormatException, UnsupportedTarException {
        TarEntryAssembler assembler = new TarEntryAssembler(header, fileHeaderOffset);
        for (Map.Entry<RawBytes, RawBytes> entry : pax.entrySet()) {
            assembler.applyPax(entry.getKey(), entry.getValue());
        }
        if (!gnuLongName.isEmpty()) {
            assembler.name = gnuLongName;
        }
        if (!gnuLongLink.isEmpty()) {
            assembler.linkName = gnuLongLink;
        }
        char typeflag = (char) (header.typeflag() & 0xff);
        if (typeflag == 0) {
            typeflag = assembler.name.endsWith(SLASH) ? TarTypes.DIRECTORY : TarTypes.REGULAR;
        }
        assembler.rejectUnindexable(typeflag, pax);

        List<PaxRecord> records = new ArrayList<>(pax.size());
        pax.forEach((key, value) -> records.add(new PaxRecord(key, value)));
        return new TarEntry(headerOffset, dataOffset, assembler.name, typeflag, assembler.size, assembler.linkName,
                header.mode(), assembler.uid, assembler.gid, assembler.userName, assembler.groupName,
                assembler.modTime.seconds(), assembler.modTime.nanos(), header.devMajor(), header.devMinor(),
                records);
    }

    /** Go's {@code mergePAX}: an empty value keeps the header's value; a bad number fails the header. */
    private void applyPax(RawBytes key, RawBytes value) throws TarFormatException {
        if (value.isEmpty()) {
            return;
        }
        String keyword = PaxRecordParser.latin1(key);
        try {
            switch (keyword) {
                case "path" -> name = value;
                case "linkpath" -> linkName = value;
                case "uname" -> userName = value;
                case "gname" -> groupName = value;
                case "uid" -> uid = GoNumbers.parseDecimal(value.toByteArray());
                case "gid" -> gid = GoNumbers.parseDecimal(value.toByteArray());
                case "size" -> size = GoNumbers.parseDecimal(value.toByteArray());
                case "mtime" -> modTime = PaxTime.parse(value.toByteArray());
                // Not kept, but Go rejects the header when they do not parse.
                case "atime", "ctime" -> PaxTime.parse(value.toByteArray());
                default -> {
                    // other records are only carried along
                }
            }
        } catch (NumberFormatException e) {
            throw new TarFormatException("invalid PAX record '" + keyword + "' (" + e.getMessage()
                    + ") for the entry", fileHeaderOffset);
        }
    }

    private void rejectUnindexable(char typeflag, Map<RawBytes, RawBytes> pax)
            throws TarFormatException, UnsupportedTarException {
        boolean headerOnly = TarTypes.isHeaderOnly(typeflag);
        if (!headerOnly && size < 0) {
            throw new TarFormatException("negative size " + size + " for entry " + name, fileHeaderOffset);
        }
        String sparseVersion = PaxSparse.version(pax);
        if (sparseVersion != null) {
            throw unsupported("PAX GNU sparse file (format " + sparseVersion + ")", typeflag);
        }
        if (!TarTypes.isSupported(typeflag)) {
            throw unsupported("type flag " + TarTypes.describe(typeflag) + " cannot be indexed", typeflag);
        }
        if (headerOnly && size != 0) {
            // Go would record the size and compute the next header offset from it: an invalid zTOC.
            throw unsupported("header-only entry with non-zero size " + size, typeflag);
        }
    }

    private UnsupportedTarException unsupported(String reason, char typeflag) {
        return new UnsupportedTarException(reason + ": entry " + name + " (type " + TarTypes.describe(typeflag)
                + ") at uncompressed offset " + fileHeaderOffset);
    }
}
