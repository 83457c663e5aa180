package dev.sociindex.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/** {@code soci-builder} itself: the list of commands, {@code --help} and {@code --version}. */
@Command(name = "soci-builder", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footer = {
                "",
                "'soci-builder COMMAND --help' describes a command and its options.",
                "image references: HOST[:PORT]/REPO[:TAG|@DIGEST], oci:DIR[:TAG],",
                "  oci-archive:FILE[:TAG]",
                "exit codes: 0 done, 1 failed, 2 usage error, 3 ztoc build skipped the layer,",
                "  75 invoke: transient failure (Lambda would retry)",
                "set SOCI_DEBUG=1 for stack traces"})
final class RootCommand implements Callable<Integer> {
    static final String SYNOPSIS = "usage: soci-builder <command> [options]";

    @Override
    public Integer call() {
        throw new UsageException("no command given");
    }

    /**
     * The top-level help lists nested commands by their full names ({@code ztoc build}), which picocli's own command
     * list does not; every command's help uses a lower-case {@code usage:} heading like this one.
     */
    static void customizeHelp(CommandLine root) {
        // the spec's own setters, not CommandLine's: those would pass these sections on to every subcommand
        UsageMessageSpec usage = root.getCommandSpec().usageMessage();
        Map<String, CommandLine.IHelpSectionRenderer> sections = new java.util.HashMap<>(usage.sectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> SYNOPSIS + "\n\n");
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(root));
        usage.sectionMap(sections);
        usage.sectionKeys(List.of(UsageMessageSpec.SECTION_KEY_SYNOPSIS, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                UsageMessageSpec.SECTION_KEY_FOOTER));
        usage.optionListHeading("%noptions:%n");
        root.getSubcommands().values().forEach(RootCommand::headings);
    }

    private static void headings(CommandLine command) {
        command.getCommandSpec().usageMessage().synopsisHeading("usage: ").descriptionHeading("%n")
                .parameterListHeading("%n").optionListHeading("%noptions:%n");
        command.getSubcommands().values().forEach(RootCommand::headings);
    }

    private static String commandList(CommandLine root) {
        StringBuilder list = new StringBuilder("commands:\n");
        root.getSubcommands().forEach((name, command) -> {
            if (name.equals("help")) {
                list.append(String.format("  %-14s %s%n", "help COMMAND", "the same as soci-builder COMMAND --help"));
            } else if (command.getSubcommands().isEmpty()) {
                line(list, name, command);
            } else {
                command.getSubcommands().forEach((sub, subcommand) -> line(list, name + " " + sub, subcommand));
            }
        });
        return list.toString();
    }

    private static void line(StringBuilder list, String name, CommandLine command) {
        String[] description = command.getCommandSpec().usageMessage().description();
        String first = description.length == 0 ? "" : String.format(description[0]).strip().lines().findFirst().orElse("");
        list.append(String.format("  %-14s %s%n", name, first));
    }
}
