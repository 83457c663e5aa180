package dev.sociindex.backfill;

import dev.sociindex.backfill.BackfillSummary.ImageOutcome;
import dev.sociindex.backfill.BackfillSummary.Outcome;
import dev.sociindex.contract.ImageFilters;
import dev.sociindex.contract.OutputTags;
import dev.sociindex.registry.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A backfill on the fleet: instead of converting the images here, one request per image goes onto the bus, and the
 * deployed indexer converts them with its own concurrency, retries, DLQ and metrics. Walks the registry in
 * {@link Cursor} order, paced, in batches the bus takes in one call; entries the bus rejects with a retryable error
 * are put again with backoff, and whatever is still rejected is a failed image in the summary (never dropped
 * silently). Enqueued images are recorded in the state, so a rerun skips them; a run may also start after a cursor and,
 * when its deadline comes, returns the cursor to continue from.
 */
public final class Enqueue {
    /** Attempts per entry the bus rejects with a retryable error, the first one included. */
    public static final int DEFAULT_ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * @param deadline no request is put after it (a Lambda's remaining time); empty for none
     * @param after    start right after this image (a continuation); empty for the beginning
     * @param rate     requests per second (the pacer's); one call carries at most a second's worth
     */
    public record Settings(ImageFilters filters, String tagSuffix, boolean dryRun, Optional<Instant> deadline,
                           Optional<Cursor> after, double rate, int attempts) {
        public Settings {
            if (tagSuffix == null || tagSuffix.isEmpty()) {
                throw new IllegalArgumentException("a backfill needs a non-empty output tag suffix");
            }
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
        }
    }

    /**
     * @param continuation where a new run goes on after a stop (empty then: from the beginning); empty when finished
     * @param stopped      why the run stopped early (the deadline came, or the bus failed); empty when it finished
     */
    public record Result(BackfillSummary summary, Optional<Cursor> continuation, Optional<String> stopped) {
        public String describe() {
            StringBuilder text = new StringBuilder();
            text.append(summary.count(Outcome.ENQUEUED)).append(" enqueued, ").append(summary.count(Outcome.ALREADY))
                    .append(" already, ").append(summary.count(Outcome.SKIPPED)).append(" skipped, ")
                    .append(summary.count(Outcome.FAILED)).append(" failed");
            if (summary.count(Outcome.WOULD_ENQUEUE) > 0) {
                text.append(", ").append(summary.count(Outcome.WOULD_ENQUEUE)).append(" would be enqueued");
            }
            text.append('\n');
            // Skips (our own output tags, mostly) are counted, not listed: a registry has as many of them as images.
            for (ImageOutcome image : summary.images()) {
                if (image.outcome() == Outcome.FAILED || image.outcome() == Outcome.WOULD_ENQUEUE) {
                    text.append("  ").append(image.outcome().label()).append(' ').append(image.repository()).append(':')
                            .append(image.tag()).append(image.reason() == null ? "" : ": " + image.reason()).append('\n');
                }
            }
            stopped.ifPresent(reason -> text.append("stopped: ").append(reason).append('\n'));
            continuation.ifPresent(c -> text.append("continue after ").append(c.repository()).append(':').append(c.tag())
                    .append('\n'));
            return text.toString();
        }
    }

    private final ImageCatalog catalog;
    private final RequestBus bus;
    private final Settings settings;
    private final BackfillState state;
    private final Pacer pacer;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> progress;
    private final int batchSize;

    private final List<ImageOutcome> outcomes = new ArrayList<>();
    private final List<BackfillRequest> batch = new ArrayList<>();
    /** The image before the batch's first: where a run resumes when the batch cannot be put. */
    private Optional<Cursor> beforeBatch;
    private Optional<Cursor> lastHandled;
    private Optional<String> stopped = Optional.empty();

    public Enqueue(ImageCatalog catalog, RequestBus bus, Settings settings, BackfillState state, Pacer pacer,
                   Sleeper sleeper, Clock clock, Consumer<String> progress) {
        this.catalog = catalog;
        this.bus = bus;
        this.settings = settings;
        this.state = state;
        this.pacer = pacer;
        this.sleeper = sleeper;
        this.clock = clock;
        this.progress = progress;
        // Holding more than a second's worth of requests would turn a steady rate into bursts.
        this.batchSize = (int) Math.max(1, Math.min(bus.maxBatch(), Math.floor(settings.rate())));
        this.lastHandled = settings.after();
        this.beforeBatch = settings.after();
    }

    public Result run() throws IOException {
        List<String> repositories = new ArrayList<>(catalog.repositories());
        repositories.sort(null);
        for (String repository : repositories) {
            if (!settings.filters().matchesRepository(repository) || settings.after()
                    .map(after -> repository.compareTo(after.repository()) < 0).orElse(false)) {
                continue;
            }
            List<String> tags;
            try {
                tags = new ArrayList<>(catalog.tags(repository));
            } catch (IOException e) {
                record(new ImageOutcome(repository, "*", Outcome.FAILED, "listing tags failed: " + e.getMessage()));
                continue;
            }
            tags.sort(null);
            for (String tag : tags) {
                if (settings.after().map(after -> !after.isBefore(repository, tag)).orElse(false)) {
                    continue;
                }
                if (settings.deadline().isPresent() && !clock.instant().isBefore(settings.deadline().get())) {
                    return stop("out of time");
                }
                handle(repository, tag);
                if (stopped.isPresent()) {
                    return new Result(new BackfillSummary(outcomes), beforeBatch, stopped);
                }
            }
        }
        flush();
        return new Result(new BackfillSummary(outcomes), stopped.isPresent() ? beforeBatch : Optional.empty(), stopped);
    }

    private Result stop(String reason) {
        flush();
        if (stopped.isPresent()) {
            return new Result(new BackfillSummary(outcomes), beforeBatch, stopped);
        }
        return new Result(new BackfillSummary(outcomes), lastHandled, Optional.of(reason));
    }

    private void handle(String repository, String tag) throws IOException {
        if (OutputTags.isOutputTag(tag, settings.tagSuffix())) {
            settled(repository, tag, new ImageOutcome(repository, tag, Outcome.SKIPPED, "an output tag (suffix " + settings.tagSuffix() + ")"));
        } else if (!settings.filters().matches(repository, tag)) {
            settled(repository, tag, new ImageOutcome(repository, tag, Outcome.SKIPPED, "not selected by the filters " + settings.filters()));
        } else if (state.isDone(repository, tag)) {
            settled(repository, tag, new ImageOutcome(repository, tag, Outcome.ALREADY, "enqueued in an earlier run (state file)"));
        } else if (settings.dryRun()) {
            settled(repository, tag, new ImageOutcome(repository, tag, Outcome.WOULD_ENQUEUE, null));
        } else {
            pacer.awaitTurn();
            batch.add(new BackfillRequest(repository, tag));
            lastHandled = Optional.of(new Cursor(repository, tag));
            if (batch.size() >= batchSize) {
                flush();
            }
        }
    }

    /** An image decided without the bus; it still moves the cursor, unless a batch before it is pending. */
    private void settled(String repository, String tag, ImageOutcome outcome) {
        record(outcome);
        lastHandled = Optional.of(new Cursor(repository, tag));
        if (batch.isEmpty()) {
            beforeBatch = lastHandled;
        }
    }

    /** Puts the pending batch, retrying the entries the bus rejected for a passing reason. */
    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<BackfillRequest> pending = new ArrayList<>(batch);
        batch.clear();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<RequestBus.Answer> answers;
            try {
                answers = bus.put(pending);
            } catch (IOException e) {
                for (BackfillRequest request : pending) {
                    record(new ImageOutcome(request.repository(), request.tag(), Outcome.FAILED, "not enqueued: " + e.getMessage()));
                }
                stopped = Optional.of("putting requests on " + bus.description() + " failed: " + e.getMessage());
                return;
            }
            if (answers.size() != pending.size()) {
                throw new IllegalStateException(bus.description() + " answered " + answers.size() + " entries for "
                        + pending.size() + " requests");
            }
            List<BackfillRequest> again = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                BackfillRequest request = pending.get(i);
                RequestBus.Answer answer = answers.get(i);
                if (answer.accepted()) {
                    enqueued(request);
                } else if (bus.isRetryable(answer) && attempt < settings.attempts()) {
                    again.add(request);
                } else {
                    record(new ImageOutcome(request.repository(), request.tag(), Outcome.FAILED, bus.description()
                            + " rejected the request" + (attempt > 1 ? " " + attempt + " times" : "") + " (" + answer + ")"));
                }
            }
            pending = again;
            if (!pending.isEmpty()) {
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        beforeBatch = lastHandled;
    }

    private void enqueued(BackfillRequest request) {
        try {
            state.markDone(request.repository(), request.tag());
        } catch (IOException e) {
            // The request is on the bus; a rerun would only enqueue it again, which the indexer skips as already indexed.
            progress.accept("warning: could not record " + request + " in the state file: " + e.getMessage());
        }
        record(new ImageOutcome(request.repository(), request.tag(), Outcome.ENQUEUED, null));
    }

    private void pause(Duration backoff) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(ImageOutcome outcome) {
        outcomes.add(outcome);
        progress.accept(outcome.outcome().label() + " " + outcome.repository() + ":" + outcome.tag()
                + (outcome.reason() == null ? "" : " (" + outcome.reason() + ")"));
    }
}
