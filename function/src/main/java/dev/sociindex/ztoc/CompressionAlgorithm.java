package dev.sociindex.ztoc;

/** The FlatBuffers enum {@code ztoc.CompressionAlgorithm}; gzip is the schema default. */
public enum CompressionAlgorithm {
    GZIP((byte) 1),
    UNCOMPRESSED((byte) 2);

    private final byte code;

    CompressionAlgorithm(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static CompressionAlgorithm ofCode(byte code) {
        for (CompressionAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown zTOC compression algorithm " + code);
    }
}
