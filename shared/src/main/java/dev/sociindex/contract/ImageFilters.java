package dev.sociindex.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which pushes are indexed, in the AWS SOCI Index Builder's syntax: comma-separated {@code repository:tag}
 * globs where {@code *} matches any run of characters (including {@code /}). A push is selected when any
 * filter matches both its repository and its tag. The stack derives the EventBridge pattern and the IAM
 * resources from the same parsed filters that the function checks in code.
 */
public record ImageFilters(List<Filter> filters) {

    /** One {@code repository:tag} pair of globs. */
    public record Filter(String repositoryGlob, String tagGlob) {
        public Filter {
            if (repositoryGlob.isEmpty() || tagGlob.isEmpty()) {
                throw new IllegalArgumentException("empty repository or tag glob in filter '" + repositoryGlob + ":" + tagGlob + "'");
            }
        }

        public boolean matches(String repository, String tag) {
            return globMatches(repositoryGlob, repository) && globMatches(tagGlob, tag);
        }

        public boolean repositoryHasWildcard() {
            return repositoryGlob.contains("*");
        }

        @Override
        public String toString() {
            return repositoryGlob + ":" + tagGlob;
        }
    }

    public ImageFilters {
        filters = List.copyOf(filters);
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("at least one repository:tag filter is required");
        }
    }

    /**
     * Parses {@code "repo-a:*,team/*:prod-*"}. A filter without a colon means every tag of that repository.
     *
     * @throws IllegalArgumentException naming the offending filter
     */
    public static ImageFilters parse(String text) {
        List<Filter> parsed = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.lastIndexOf(':');
            String repository = colon < 0 ? item : item.substring(0, colon);
            String tag = colon < 0 ? "*" : item.substring(colon + 1);
            if (!repository.matches("[a-z0-9._/*-]+")) {
                throw new IllegalArgumentException("filter '" + item + "': repository part '" + repository
                        + "' may only contain lowercase letters, digits, '.', '_', '-', '/' and '*'");
            }
            if (!tag.matches("[A-Za-z0-9._*-]+")) {
                throw new IllegalArgumentException("filter '" + item + "': tag part '" + tag
                        + "' may only contain letters, digits, '.', '_', '-' and '*'");
            }
            parsed.add(new Filter(repository, tag));
        }
        return new ImageFilters(parsed);
    }

    public boolean matches(String repository, String tag) {
        return filters.stream().anyMatch(f -> f.matches(repository, tag));
    }

    /** Whether some filter selects tags of this repository (a backfill lists only those repositories' tags). */
    public boolean matchesRepository(String repository) {
        return filters.stream().anyMatch(f -> globMatches(f.repositoryGlob(), repository));
    }

    /** True when every repository is selected, so IAM may name {@code repository/*}. */
    public boolean anyRepositoryWildcard() {
        return filters.stream().anyMatch(Filter::repositoryHasWildcard);
    }

    static boolean globMatches(String glob, String value) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), value);
    }

    @Override
    public String toString() {
        return String.join(",", filters.stream().map(Filter::toString).toList());
    }
}
