package dev.sociindex.archfixture.cycle.verify;

import dev.sociindex.archfixture.cycle.convert.Converter;

/** Verifies what a Converter made: the other half of the cycle. */
public final class Verifier {
    public boolean verify(Converter converter) {
        return converter != null;
    }
}
