package dev.sociindex.infra;

import dev.sociindex.contract.ImageFilters;
import java.util.List;

/**
 * The ECR repository resources the function may pull from and push to, derived from the same filters as the
 * event pattern. IAM's {@code *} matches any run of characters including {@code /}, exactly like the filter
 * globs, so a glob carries over unchanged: {@code prod-*} becomes {@code repository/prod-*}, {@code team/api}
 * stays exact, and only a filter whose repository part is all wildcard widens the grant to
 * {@code repository/*}.
 */
final class RepositoryArns {
    private RepositoryArns() {
    }

    /** Resource names relative to the registry ({@code repository/NAME-OR-GLOB}), without duplicates. */
    static List<String> resourceNames(ImageFilters filters) {
        List<String> globs = filters.filters().stream()
                .map(ImageFilters.Filter::repositoryGlob)
                .map(Globs::collapse)
                .distinct()
                .toList();
        if (globs.stream().anyMatch(Globs::matchesEverything)) {
            return List.of("repository/*");
        }
        return globs.stream().map(glob -> "repository/" + glob).toList();
    }
}
