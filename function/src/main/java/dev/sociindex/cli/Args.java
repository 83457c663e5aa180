package dev.sociindex.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small command-line parser: {@code --name value}, {@code --name=value}, repeatable options, flags and
 * positionals. Unknown options are usage errors, so a typo never silently changes what runs.
 */
final class Args {
    private final Map<String, List<String>> options = new HashMap<>();
    private final Set<String> flags;
    private final List<String> positionals = new ArrayList<>();

    private Args(Set<String> flags) {
        this.flags = flags;
    }

    /**
     * @param valued option names (without dashes) that take a value
     * @param flags  option names that take none
     */
    static Args parse(List<String> argv, Set<String> valued, Set<String> flags) {
        Args args = new Args(flags);
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                args.positionals.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                String name = arg.replaceFirst("^--?", "");
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw new UsageException("option --" + name + " takes no value");
                    }
                    args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option " + arg);
                }
            } else {
                args.positionals.add(arg);
            }
        }
        return args;
    }

    boolean flag(String name) {
        if (!flags.contains(name)) {
            throw new IllegalArgumentException("not a flag: " + name);
        }
        return options.containsKey(name);
    }

    String value(String name, String fallback) {
        List<String> values = options.get(name);
        if (values == null) {
            return fallback;
        }
        if (values.size() > 1) {
            throw new UsageException("option --" + name + " given more than once");
        }
        return values.get(0);
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    long longValue(String name, long fallback) {
        String text = value(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a whole number, got '" + text + "'");
        }
    }

    List<String> positionals() {
        return positionals;
    }

    String onlyPositional(String what) {
        if (positionals.size() != 1) {
            throw new UsageException("expected exactly one " + what + ", got " + positionals.size() + " arguments");
        }
        return positionals.get(0);
    }
}
