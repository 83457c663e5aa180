package dev.sociindex.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Prefetch paths per repository filter, as the stack's {@code prefetchFiles} context and the function's
 * {@code SOCI_PREFETCH_PATHS} carry them: rules separated by {@code ;}, each {@code repository:tag=PATH,PATH}
 * with the filter in {@link ImageFilters} syntax, e.g. {@code web/*:*=/srv/app.js,/srv/index.html;api:prod-*=/app/server}.
 * An image gets the paths of every rule it matches.
 */
public record PrefetchRules(List<Rule> rules) {
    /** One filter and its paths. */
    public record Rule(ImageFilters.Filter filter, List<String> paths) {
        public Rule {
            paths = List.copyOf(paths);
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("prefetch rule '" + filter + "' lists no path");
            }
        }

        @Override
        public String toString() {
            return filter + "=" + String.join(",", paths);
        }
    }

    public PrefetchRules {
        rules = List.copyOf(rules);
    }

    public static PrefetchRules none() {
        return new PrefetchRules(List.of());
    }

    /** @throws IllegalArgumentException naming the rule that is wrong */
    public static PrefetchRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split(";")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("prefetch rule '" + item + "' must be repository:tag=PATH[,PATH...]");
            }
            ImageFilters filter = ImageFilters.parse(item.substring(0, equals));
            if (filter.filters().size() != 1) {
                throw new IllegalArgumentException("prefetch rule '" + item + "' must name one repository:tag filter before '='");
            }
            List<String> paths = new ArrayList<>();
            for (String path : item.substring(equals + 1).split(",")) {
                String trimmed = path.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.contains("..") || trimmed.replace("/", "").isEmpty()) {
                    throw new IllegalArgumentException("prefetch rule '" + item + "': '" + trimmed + "' is not a file path inside an image");
                }
                paths.add(trimmed);
            }
            rules.add(new Rule(filter.filters().get(0), paths));
        }
        return new PrefetchRules(rules);
    }

    /** The paths of every rule that matches, in rule order, each once. */
    public List<String> pathsFor(String repository, String tag) {
        Set<String> paths = new LinkedHashSet<>();
        for (Rule rule : rules) {
            if (rule.filter().matches(repository, tag)) {
                paths.addAll(rule.paths());
            }
        }
        return List.copyOf(paths);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(";", rules.stream().map(Rule::toString).toList());
    }
}
