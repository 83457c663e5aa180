package dev.sociindex.cli;

import dev.sociindex.backfill.Backfill;
import dev.sociindex.backfill.BackfillState;
import dev.sociindex.backfill.BackfillSummary;
import dev.sociindex.aws.EcrCatalog;
import dev.sociindex.aws.EventBridgeRequestBus;
import dev.sociindex.backfill.Enqueue;
import dev.sociindex.registry.EcrRegistryHost;
import dev.sociindex.backfill.ImageCatalog;
import dev.sociindex.backfill.Pacer;
import dev.sociindex.backfill.RegistryCatalog;
import dev.sociindex.backfill.RepositoryOpener;
import dev.sociindex.cache.InMemoryZtocCache;
import dev.sociindex.cache.StoreOpener;
import dev.sociindex.cache.ZtocReuse;
import dev.sociindex.contract.Defaults;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.ImageConverter;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.oci.RegistryEndpoint;
import dev.sociindex.registry.RegistryImageStore;
import dev.sociindex.registry.RegistrySettings;
import dev.sociindex.registry.Sleeper;
import dev.sociindex.registry.StoreLocator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backfill}: convert the images already in a registry (or one repository). zTOCs are shared across the run
 * through an in-memory cache, so a base layer common to many images is indexed once.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        showDefaultValues = true,
        description = {"convert the images already in a registry (or one repository)",
                "",
                "Every tag the filters match is converted as convert would; images already converted are left alone.",
                "With --enqueue nothing is converted here: one request per image goes onto the stack's event bus, and the",
                "deployed function indexes them with its own concurrency, retries, DLQ and metrics."})
final class BackfillCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "REGISTRY_OR_REPO", description = "HOST[:PORT] (an ECR registry lists its repositories) or"
            + " HOST[:PORT]/REPOSITORY.")
    String target;

    @Option(names = "--filters", paramLabel = "REPO:TAG,...", defaultValue = Defaults.FILTERS,
            description = "Which images to convert; * matches any run of characters.")
    String filters;

    @Option(names = "--rate", paramLabel = "N/s", description = "At most N conversions (with --enqueue: requests) started per"
            + " second, or N/m per minute (default: no limit; with --enqueue " + Defaults.BACKFILL_RATE + ").")
    String rate;

    @Option(names = "--enqueue", description = "Put one backfill request per image on the event bus of the deployed stack"
            + " (EventBridge PutEvents, AWS default credentials; AWS_ENDPOINT_URL_EVENTBRIDGE applies) instead of converting"
            + " here. The function indexes the registry of the account and region the events are put in.")
    boolean enqueue;

    @Option(names = "--event-bus", paramLabel = "NAME", defaultValue = "default",
            description = "With --enqueue: the bus whose backfill rule targets the indexer (the stack's rules are on the"
                    + " default bus).")
    String eventBus;

    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE", description = "Remember finished images here, so a rerun skips them.")
    Path stateFile;

    @Option(names = "--dry-run", description = "Say what would be converted; write nothing.")
    boolean dryRun;

    @Option(names = "--tag-suffix", paramLabel = "S", defaultValue = Defaults.OUTPUT_TAG_SUFFIX,
            description = "The output tag is the image's tag + S.")
    String tagSuffix;

    @Mixin
    IndexingOptions indexing;

    @Mixin
    StoreOptions store;

    BackfillCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        ImageFilters imageFilters = parseFilters(filters);
        if (enqueue) {
            rejectIndexingOptions();
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--event-bus")) {
            throw new UsageException("--event-bus applies only with --enqueue");
        }
        int slash = target.indexOf('/');
        String host = slash < 0 ? target : target.substring(0, slash);
        Optional<String> repository = slash < 0 ? Optional.empty() : Optional.of(target.substring(slash + 1));
        Optional<EcrRegistryHost> ecr = EcrRegistryHost.parse(host);

        store.printRetries(err);
        CredentialsProvider credentials = store.credentials(StoreOptions.Side.SOURCE);
        RegistrySettings settings = store.settings(StoreOptions.Side.SOURCE);
        RegistryEndpoint endpoint;
        try {
            endpoint = store.endpoint(host);
        } catch (IllegalArgumentException e) {
            throw new UsageException("REGISTRY_OR_REPO '" + target + "': " + e.getMessage());
        }
        RepositoryOpener stores = name -> RegistryImageStore.connect(endpoint, name, credentials, settings);
        ImageCatalog catalog = catalog(host, repository, ecr, imageFilters, stores);
        if (enqueue) {
            return enqueue(catalog, imageFilters, ecr);
        }

        boolean xattr = indexing.xattrOptimization();
        ConvertOptions options;
        try {
            options = new ConvertOptions(indexing.spanSize, indexing.minLayerSize, List.of(), tagSuffix, null,
                    indexing.threads(), Defaults.BUILD_TOOL_IDENTIFIER).withXattrOptimization(xattr)
                    .withTagWhenEmpty(indexing.tagWhenEmpty);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        BackfillState state = stateFile == null ? BackfillState.inMemory() : BackfillState.load(stateFile);
        Pacer pacer;
        try {
            pacer = rate == null ? Pacer.unlimited() : new Pacer(Pacer.parseRate(rate), System::nanoTime, Sleeper.real());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rate: " + e.getMessage());
        }
        StoreLocator locator = new StoreLocator(credentials, settings, store.plainHttp);
        ImageConverter converter = new ImageConverter(message -> { },
                new ZtocReuse(new InMemoryZtocCache(), StoreOpener.of(locator)));

        BackfillSummary summary = new Backfill(catalog, stores, converter,
                new Backfill.Settings(imageFilters, options, dryRun, Optional.empty()),
                state, pacer, Clock.systemUTC(), err::println).run();
        out.print(summary.describe());
        checkSomethingMatched(summary, imageFilters, catalog, ecr.isPresent());
        return summary.count(BackfillSummary.Outcome.FAILED) > 0 ? Main.FAILED : Main.OK;
    }

    /**
     * The images go to the fleet: each enqueued one is recorded in the state file as it is accepted, so a rerun puts
     * only the others. For ECR the events are put in the registry's own region (the function finds the registry
     * from the event's account and region); for other registries in the SDK's region ({@code AWS_REGION}).
     */
    private int enqueue(ImageCatalog catalog, ImageFilters imageFilters, Optional<EcrRegistryHost> ecr) throws Exception {
        if (tagSuffix.isEmpty()) {
            throw new UsageException("--tag-suffix must not be empty");
        }
        double perSecond;
        try {
            perSecond = Pacer.parseRate(rate == null ? Defaults.BACKFILL_RATE : rate);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rate: " + e.getMessage());
        }
        BackfillState state = stateFile == null ? BackfillState.inMemory() : BackfillState.load(stateFile);
        EventBridgeRequestBus bus = EventBridgeRequestBus.withDefaultCredentials(ecr.map(EcrRegistryHost::region), eventBus);
        Enqueue.Result result = new Enqueue(catalog, bus,
                new Enqueue.Settings(imageFilters, tagSuffix, dryRun, Optional.empty(), Optional.empty(), perSecond,
                        Enqueue.DEFAULT_ATTEMPTS),
                state, new Pacer(perSecond, System::nanoTime, Sleeper.real()), Sleeper.real(), Clock.systemUTC(),
                err::println).run();
        out.print(result.describe());
        checkSomethingMatched(result.summary(), imageFilters, catalog, ecr.isPresent());
        return result.summary().count(BackfillSummary.Outcome.FAILED) > 0 || result.stopped().isPresent() ? Main.FAILED : Main.OK;
    }

    /** Conversion settings belong to the deployed function when it converts; given here they would mislead. */
    private void rejectIndexingOptions() {
        for (OptionSpec option : spec.mixins().get("indexing").options()) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageException(option.longestName() + " cannot be combined with --enqueue: the deployed function"
                        + " converts with the stack's settings");
            }
        }
    }

    /**
     * A repository that was named but has no tags (the distribution API answers a missing repository's tag list like
     * an empty one), or filters that select no image, are mistakes in the command: a run that did nothing fails.
     */
    private void checkSomethingMatched(BackfillSummary summary, ImageFilters imageFilters, ImageCatalog catalog, boolean ecr)
            throws java.io.IOException {
        String host = target.contains("/") ? target.substring(0, target.indexOf('/')) : target;
        if (!ecr) {
            for (String repository : catalog.repositories()) {
                if (summary.images().stream().noneMatch(i -> i.repository().equals(repository))) {
                    throw new java.io.IOException(host + "/" + repository + ": no such repository, or it has no tags");
                }
            }
        }
        boolean selected = summary.images().stream().anyMatch(i -> imageFilters.matches(i.repository(), i.tag())
                && !dev.sociindex.contract.OutputTags.isOutputTag(i.tag(), tagSuffix));
        if (!selected) {
            throw new java.io.IOException("no image in " + target + " matches the filters " + imageFilters);
        }
    }

    private static ImageFilters parseFilters(String text) {
        try {
            return ImageFilters.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--filters: " + e.getMessage());
        }
    }

    /**
     * One named repository; every repository of an ECR registry (DescribeRepositories); or, for other registries,
     * whose repositories cannot be listed dependably, the repositories the filters name literally.
     */
    private static ImageCatalog catalog(String host, Optional<String> repository, Optional<EcrRegistryHost> ecr,
                                        ImageFilters filters, RepositoryOpener stores) {
        if (repository.isPresent()) {
            return new RegistryCatalog(List.of(repository.get()), stores);
        }
        if (ecr.isPresent()) {
            return EcrCatalog.withDefaultCredentials(ecr.get().account(), ecr.get().region());
        }
        if (filters.anyRepositoryWildcard()) {
            throw new UsageException(host + " is not an ECR registry, and the distribution API cannot list its repositories:"
                    + " give HOST/REPOSITORY, or name the repositories in --filters without '*' (filters: " + filters + ")");
        }
        return new RegistryCatalog(filters.filters().stream().map(ImageFilters.Filter::repositoryGlob).distinct().toList(), stores);
    }
}
