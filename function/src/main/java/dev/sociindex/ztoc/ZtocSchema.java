package dev.sociindex.ztoc;

/**
 * Field ids of the FlatBuffers schemas {@code ztoc/fbs/ztoc.fbs} and {@code ztoc/compression/fbs/zinfo.fbs}.
 * There is no {@code flatc} in this build, so writer and reader share these ids instead of generated code;
 * a field's vtable slot is {@code 4 + 2 * id}.
 */
final class ZtocSchema {
    private ZtocSchema() {
    }

    static final class ZtocTable {
        static final int FIELDS = 6;
        static final int VERSION = 0;
        static final int BUILD_TOOL_IDENTIFIER = 1;
        static final int COMPRESSED_ARCHIVE_SIZE = 2;
        static final int UNCOMPRESSED_ARCHIVE_SIZE = 3;
        static final int TOC = 4;
        static final int COMPRESSION_INFO = 5;

        private ZtocTable() {
        }
    }

    static final class TocTable {
        static final int FIELDS = 1;
        static final int METADATA = 0;

        private TocTable() {
        }
    }

    static final class FileMetadataTable {
        static final int FIELDS = 14;
        static final int NAME = 0;
        static final int TYPE = 1;
        static final int UNCOMPRESSED_OFFSET = 2;
        static final int UNCOMPRESSED_SIZE = 3;
        static final int LINKNAME = 4;
        static final int MODE = 5;
        static final int UID = 6;
        static final int GID = 7;
        static final int UNAME = 8;
        static final int GNAME = 9;
        static final int MOD_TIME = 10;
        static final int DEVMAJOR = 11;
        static final int DEVMINOR = 12;
        static final int XATTRS = 13;

        private FileMetadataTable() {
        }
    }

    static final class XattrTable {
        static final int FIELDS = 2;
        static final int KEY = 0;
        static final int VALUE = 1;

        private XattrTable() {
        }
    }

    static final class CompressionInfoTable {
        static final int FIELDS = 4;
        static final int COMPRESSION_ALGORITHM = 0;
        static final int MAX_SPAN_ID = 1;
        static final int SPAN_DIGESTS = 2;
        static final int CHECKPOINTS = 3;
        /** The schema default: a reader sees gzip when the field is absent. */
        static final CompressionAlgorithm DEFAULT_ALGORITHM = CompressionAlgorithm.GZIP;

        private CompressionInfoTable() {
        }
    }

    static final class TarZinfoTable {
        static final int FIELDS = 3;
        static final int VERSION = 0;
        static final int SPAN_SIZE = 1;
        static final int SIZE = 2;

        private TarZinfoTable() {
        }
    }
}
