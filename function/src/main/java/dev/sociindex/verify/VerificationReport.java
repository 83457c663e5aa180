package dev.sociindex.verify;

import java.util.List;

/** What {@code verify} found: how much it checked and every problem (empty when the image is right). */
public record VerificationReport(String indexDigest, int sociIndexes, int ztocs, List<String> problems) {
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
