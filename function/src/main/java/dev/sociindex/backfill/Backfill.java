package dev.sociindex.backfill;

import dev.sociindex.backfill.BackfillSummary.ImageOutcome;
import dev.sociindex.backfill.BackfillSummary.Outcome;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.OutputTags;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.ConvertOptions;
import dev.sociindex.convert.Converter;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Converts the images already in a registry, which push-triggered indexing never sees: every tag of every
 * repository the filters select, except our own output tags. Up-to-date outputs are left alone (the converter
 * reports them as already converted), conversions are paced, finished images are remembered in the state so a new
 * run resumes, and one failing image is recorded and passed over, never the end of the run.
 */
public final class Backfill {
    private final ImageCatalog catalog;
    private final RepositoryOpener stores;
    private final Converter converter;
    private final Settings settings;
    private final BackfillState state;
    private final Pacer pacer;
    private final Clock clock;
    private final Consumer<String> progress;

    /**
     * @param options  conversion options; the output tag must be unset (each image gets tag + suffix)
     * @param deadline no conversion starts after it (a Lambda's remaining time); empty for none
     */
    public record Settings(ImageFilters filters, ConvertOptions options, boolean dryRun, Optional<Instant> deadline) {
        public Settings {
            if (options.outputTag() != null) {
                throw new IllegalArgumentException("a backfill derives each output tag from its source tag; give no output tag");
            }
            if (options.tagSuffix() == null || options.tagSuffix().isEmpty()) {
                throw new IllegalArgumentException("a backfill needs a non-empty output tag suffix");
            }
        }
    }

    public Backfill(ImageCatalog catalog, RepositoryOpener stores, Converter converter, Settings settings,
                    BackfillState state, Pacer pacer, Clock clock, Consumer<String> progress) {
        this.catalog = catalog;
        this.stores = stores;
        this.converter = converter;
        this.settings = settings;
        this.state = state;
        this.pacer = pacer;
        this.clock = clock;
        this.progress = progress;
    }

    public BackfillSummary run() throws IOException {
        List<ImageOutcome> outcomes = new ArrayList<>();
        for (String repository : catalog.repositories()) {
            if (!settings.filters().matchesRepository(repository)) {
                continue;
            }
            List<String> tags;
            try {
                tags = catalog.tags(repository);
            } catch (IOException e) {
                outcomes.add(new ImageOutcome(repository, "*", Outcome.FAILED, "listing tags failed: " + e.getMessage()));
                continue;
            }
            for (String tag : tags) {
                ImageOutcome outcome = handle(repository, tag);
                outcomes.add(outcome);
                progress.accept(outcome.outcome().label() + " " + repository + ":" + tag
                        + (outcome.reason() == null ? "" : " (" + outcome.reason() + ")"));
            }
        }
        return new BackfillSummary(outcomes);
    }

    private ImageOutcome handle(String repository, String tag) throws IOException {
        if (OutputTags.isOutputTag(tag, settings.options().tagSuffix())) {
            return new ImageOutcome(repository, tag, Outcome.SKIPPED, "an output tag (suffix " + settings.options().tagSuffix() + ")");
        }
        if (!settings.filters().matches(repository, tag)) {
            return new ImageOutcome(repository, tag, Outcome.SKIPPED, "not selected by the filters " + settings.filters());
        }
        if (state.isDone(repository, tag)) {
            return new ImageOutcome(repository, tag, Outcome.ALREADY, "done in an earlier run (state file)");
        }
        if (settings.dryRun()) {
            try (ImageStore store = stores.open(repository)) {
                return DryRun.assess(store, repository, tag, settings.options());
            } catch (IOException | RuntimeException e) {
                return new ImageOutcome(repository, tag, Outcome.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        if (settings.deadline().isPresent() && !clock.instant().isBefore(settings.deadline().get())) {
            return new ImageOutcome(repository, tag, Outcome.NOT_ATTEMPTED, "out of time");
        }
        pacer.awaitTurn();
        ImageOutcome outcome;
        try (ImageStore store = stores.open(repository)) {
            ConversionResult result = converter.convert(store, tag, store, settings.options());
            outcome = switch (result.status()) {
                case CONVERTED -> new ImageOutcome(repository, tag, Outcome.CONVERTED, null);
                case ALREADY_CONVERTED -> new ImageOutcome(repository, tag, Outcome.ALREADY, "output is up to date");
                case SKIPPED -> new ImageOutcome(repository, tag, Outcome.SKIPPED, "no layer qualifies for a zTOC");
            };
        } catch (IOException | RuntimeException e) {
            return new ImageOutcome(repository, tag, Outcome.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        state.markDone(repository, tag);
        return outcome;
    }
}
