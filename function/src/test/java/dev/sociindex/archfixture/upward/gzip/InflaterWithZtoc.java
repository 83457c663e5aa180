package dev.sociindex.archfixture.upward.gzip;

import dev.sociindex.archfixture.upward.ztoc.Ztoc;

/** A codec that builds a zTOC: breaks the engine's own order (gzip sits below ztoc). */
public final class InflaterWithZtoc {
    public Ztoc inflateToZtoc() {
        return new Ztoc();
    }
}
