package dev.sociindex.archfixture.cycle.convert;

import dev.sociindex.archfixture.cycle.verify.Verifier;

/** Converts, then verifies: one half of a package cycle inside the flows tier. */
public final class Converter {
    public boolean convert() {
        return new Verifier().verify(this);
    }
}
