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
import dev.sociindex.aws.EcrCredentialsProvider;
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
import java.util.Set;

/**
 * {@code backfill}: convert the images already in a registry (or one repository). zTOCs are shared across the run
 * through an in-memory cache, so a base layer common to many images is indexed once.
 */
final class BackfillCommand {
    private final PrintStream out;
    private final PrintStream err;

    BackfillCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of(StoreOptions.USER, "filters", "rate", "state", "tag-suffix", "span-size",
                "min-layer-size", "parallelism"), Set.of(StoreOptions.PLAIN_HTTP, "dry-run"));
        String target = args.onlyPositional("REGISTRY_OR_REPO");
        ImageFilters filters = parseFilters(args.value("filters", Defaults.FILTERS));
        int slash = target.indexOf('/');
        String host = slash < 0 ? target : target.substring(0, slash);
        Optional<String> repository = slash < 0 ? Optional.empty() : Optional.of(target.substring(slash + 1));
        Optional<EcrRegistryHost> ecr = EcrRegistryHost.parse(host);
        boolean plainHttp = args.flag(StoreOptions.PLAIN_HTTP);

        CredentialsProvider credentials = args.value(StoreOptions.USER, null) == null && ecr.isPresent()
                ? EcrCredentialsProvider.withDefaultCredentials(ecr.get().region())
                : StoreOptions.credentials(args.value(StoreOptions.USER, null));
        RegistryEndpoint endpoint = RegistryEndpoint.forHost(host, plainHttp);
        RepositoryOpener stores = name -> RegistryImageStore.connect(endpoint, name, credentials);
        ImageCatalog catalog = catalog(host, repository, ecr, filters, stores);

        ConvertOptions options = new ConvertOptions(
                args.longValue("span-size", Defaults.SPAN_SIZE),
                args.longValue("min-layer-size", Defaults.MIN_LAYER_SIZE),
                List.of(),
                args.value("tag-suffix", Defaults.OUTPUT_TAG_SUFFIX),
                null,
                (int) args.longValue("parallelism", Runtime.getRuntime().availableProcessors()),
                Defaults.BUILD_TOOL_IDENTIFIER);
        String stateFile = args.value("state", null);
        BackfillState state = stateFile == null ? BackfillState.inMemory() : BackfillState.load(Path.of(stateFile));
        String rate = args.value("rate", null);
        Pacer pacer;
        try {
            pacer = rate == null ? Pacer.unlimited() : new Pacer(Pacer.parseRate(rate), System::nanoTime, Sleeper.real());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rate: " + e.getMessage());
        }
        StoreLocator locator = new StoreLocator(credentials, RegistrySettings.defaults(), plainHttp);
        ImageConverter converter = new ImageConverter(message -> { },
                new ZtocReuse(new InMemoryZtocCache(), StoreOpener.of(locator)));

        BackfillSummary summary = new Backfill(catalog, stores, converter,
                new Backfill.Settings(filters, options, args.flag("dry-run"), Optional.empty()),
                state, pacer, Clock.systemUTC(), err::println).run();
        out.print(summary.describe());
        return summary.count(BackfillSummary.Outcome.FAILED) > 0 ? Main.FAILED : Main.OK;
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
