package dev.sociindex.cli;

import dev.sociindex.backfill.Backfill;
import dev.sociindex.backfill.BackfillState;
import dev.sociindex.backfill.BackfillSummary;
import dev.sociindex.aws.EcrCatalog;
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
                "Every tag the filters match is converted as convert would; images already converted are left alone."})
final class BackfillCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "REGISTRY_OR_REPO", description = "HOST[:PORT] (an ECR registry lists its repositories) or"
            + " HOST[:PORT]/REPOSITORY.")
    String target;

    @Option(names = "--filters", paramLabel = "REPO:TAG,...", defaultValue = Defaults.FILTERS,
            description = "Which images to convert; * matches any run of characters.")
    String filters;

    @Option(names = "--rate", paramLabel = "N/s", description = "At most N conversions started per second (default: no limit).")
    String rate;

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
        int slash = target.indexOf('/');
        String host = slash < 0 ? target : target.substring(0, slash);
        Optional<String> repository = slash < 0 ? Optional.empty() : Optional.of(target.substring(slash + 1));
        Optional<EcrRegistryHost> ecr = EcrRegistryHost.parse(host);

        store.printRetries(err);
        CredentialsProvider credentials = store.credentials(StoreOptions.Side.SOURCE);
        RegistrySettings settings = store.settings(StoreOptions.Side.SOURCE);
        RegistryEndpoint endpoint;
        try {
            endpoint = RegistryEndpoint.forHost(host, store.plainHttp);
        } catch (IllegalArgumentException e) {
            throw new UsageException("REGISTRY_OR_REPO '" + target + "': " + e.getMessage());
        }
        RepositoryOpener stores = name -> RegistryImageStore.connect(endpoint, name, credentials, settings);
        ImageCatalog catalog = catalog(host, repository, ecr, imageFilters, stores);

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
