package dev.sociindex.archfixture.upward.gzip;

/** Stands in for the gzip decoder. */
public final class Inflater {
    public int inflate() {
        return 0;
    }
}
