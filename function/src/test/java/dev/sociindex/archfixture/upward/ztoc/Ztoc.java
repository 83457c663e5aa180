package dev.sociindex.archfixture.upward.ztoc;

import dev.sociindex.archfixture.upward.gzip.Inflater;

/** The control: ztoc may use gzip. */
public final class Ztoc {
    public int build() {
        return new Inflater().inflate();
    }
}
