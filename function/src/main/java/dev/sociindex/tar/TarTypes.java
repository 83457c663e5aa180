package dev.sociindex.tar;

/** Tar type flags that SOCI indexes, and their zTOC type strings. */
public final class TarTypes {
    public static final char REGULAR = '0';
    public static final char HARD_LINK = '1';
    public static final char SYMLINK = '2';
    public static final char CHAR_DEVICE = '3';
    public static final char BLOCK_DEVICE = '4';
    public static final char DIRECTORY = '5';
    public static final char FIFO = '6';

    private TarTypes() {
    }

    /**
     * The zTOC {@code type} string of an entry the {@link TarReader} returned (always one of '0'..'6').
     *
     * @throws IllegalArgumentException for any other type flag
     */
    public static String typeName(char typeflag) {
        return switch (typeflag) {
            case REGULAR -> "reg";
            case HARD_LINK -> "hardlink";
            case SYMLINK -> "symlink";
            case CHAR_DEVICE -> "char";
            case BLOCK_DEVICE -> "block";
            case DIRECTORY -> "dir";
            case FIFO -> "fifo";
            default -> throw new IllegalArgumentException("no zTOC type for tar type flag " + describe(typeflag));
        };
    }

    static boolean isSupported(char typeflag) {
        return typeflag >= REGULAR && typeflag <= FIFO;
    }

    /** Go's {@code isHeaderOnlyType}: these types never have data in the archive, whatever their size field says. */
    static boolean isHeaderOnly(char typeflag) {
        return switch (typeflag) {
            case HARD_LINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO -> true;
            default -> false;
        };
    }

    static String describe(char typeflag) {
        return typeflag >= 0x20 && typeflag < 0x7f
                ? "'" + typeflag + "'"
                : String.format("0x%02x", (int) typeflag);
    }
}
