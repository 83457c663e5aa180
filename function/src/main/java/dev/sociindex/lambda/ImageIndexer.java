package dev.sociindex.lambda;

import dev.sociindex.report.CompletionEvent;
import dev.sociindex.report.CompletionPublisher;
import dev.sociindex.report.FailureRecord;
import dev.sociindex.report.FailureSink;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sociindex.contract.OutputTags;
import dev.sociindex.convert.ConversionResult;
import dev.sociindex.convert.Converter;
import dev.sociindex.convert.OutputRetirement;
import dev.sociindex.registry.CredentialsProvider;
import dev.sociindex.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One event, start to end: parse, guard, convert, then report the outcome as exactly one metric family and one
 * log line with its reason.
 *
 * <p>Failure handling: a transient failure is counted (as {@code TransientFailures}, not {@code ImagesFailed}) and
 * rethrown, so that Lambda's asynchronous retries apply; when they are exhausted, the function's on-failure
 * destination (configured by the stack to the same DLQ) receives the event. A permanent failure is written to the DLQ here, directly, and the invocation returns normally, because a
 * retry would fail the same way and only delay the record.
 */
final class ImageIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(ImageIndexer.class);

    private final Config config;
    private final StoreFactory stores;
    private final CredentialsProvider credentials;
    private final Converter converter;
    private final IndexerMetrics metrics;
    private final FailureSink failures;
    private final CompletionPublisher completions;
    private final Clock clock;
    private final EventParser parser = new EventParser();
    private final Guards guards;
    private final FailureClassifier classifier = new FailureClassifier();
    private final TagRemovers tagRemovers;

    ImageIndexer(Config config, StoreFactory stores, CredentialsProvider credentials, Converter converter,
                 IndexerMetrics metrics, FailureSink failures, CompletionPublisher completions, Clock clock) {
        this(config, stores, credentials, converter, metrics, failures, completions, clock, TagRemovers.NONE);
    }

    ImageIndexer(Config config, StoreFactory stores, CredentialsProvider credentials, Converter converter,
                 IndexerMetrics metrics, FailureSink failures, CompletionPublisher completions, Clock clock,
                 TagRemovers tagRemovers) {
        this.tagRemovers = tagRemovers;
        this.config = config;
        this.stores = stores;
        this.credentials = credentials;
        this.converter = converter;
        this.metrics = metrics;
        this.failures = failures;
        this.completions = completions;
        this.clock = clock;
        this.guards = new Guards(config.filters(), config.outputTagSuffix());
    }

    /**
     * @throws IOException or a runtime exception: a transient failure (for Lambda to retry), or a failure to write
     *                     a permanent one to the DLQ (retrying is then the only way not to lose the event)
     */
    Outcome index(byte[] payload, Context context) throws IOException {
        String payloadText = new String(payload, StandardCharsets.UTF_8);
        EcrImageAction event;
        try {
            event = parser.parse(payload);
        } catch (MalformedEventException e) {
            return permanentFailure(classifier.classify(e), payloadText, null, context);
        }
        EcrImageAction.Detail detail = event.detail();
        LogContext logContext = LogContext.of(detail);
        try {
            if (config.extras().untagOnDelete() && detail.isSuccessfulDelete()) {
                return attempt(() -> retire(event), payloadText, detail, context);
            }
            GuardDecision decision = guards.decide(event);
            if (decision instanceof GuardDecision.Skip skip) {
                return skipped(skip.reason(), skip.explanation());
            }
            GuardDecision.Proceed image = (GuardDecision.Proceed) decision;
            return attempt(() -> convert(event, image, context), payloadText, detail, context);
        } finally {
            logContext.close();
        }
    }

    /** One piece of registry work; its exceptions are classified as transient (rethrown) or permanent (DLQ). */
    private interface Work {
        Outcome run() throws IOException;
    }

    private Outcome attempt(Work work, String payloadText, EcrImageAction.Detail detail, Context context) throws IOException {
        try {
            return work.run();
        } catch (IOException | RuntimeException e) {
            Failure failure = classifier.classify(e);
            if (failure.isTransient()) {
                metrics.transientFailure(failure.errorType());
                log("failed", failure.errorType(), () -> LOG.warn("transient failure ({}), rethrown for Lambda to"
                        + " retry: {}", failure.errorType(), failure.message(), e));
                throw e;
            }
            return permanentFailure(failure, payloadText, detail, context);
        }
    }

    /**
     * The lifecycle of outputs ({@code SOCI_UNTAG_ON_DELETE}): a deleted source tag takes its {@code <tag>-soci} with
     * it when that holds our output built from the deleted image. Untagged deletes, our own tags and repositories
     * outside the filters are left alone.
     */
    private Outcome retire(EcrImageAction event) throws IOException {
        EcrImageAction.Detail detail = event.detail();
        String tag = detail.tagOrEmpty();
        if (tag.isEmpty()) {
            return skipped(SkipReason.UNTAGGED, "ignored: an untagged delete has no output tag to retire");
        }
        if (OutputTags.isOutputTag(tag, config.outputTagSuffix())) {
            return skipped(SkipReason.OUTPUT_TAG, "ignored: the deleted tag '" + tag + "' is one of our own outputs");
        }
        String repository = detail.repositoryName();
        if (repository == null || detail.imageDigest() == null || event.account() == null || event.region() == null) {
            throw new MalformedEventException("malformed ECR Image Action event: a DELETE needs repository-name, image-digest,"
                    + " account and region");
        }
        if (!config.filters().matches(repository, tag)) {
            return skipped(SkipReason.FILTER_MISMATCH, "ignored: delete of " + repository + ":" + tag + ", which matches none of the filters "
                    + config.filters());
        }
        String outputTag = OutputTags.outputTag(tag, config.outputTagSuffix());
        RegistryAddress registry = config.registryOverride().orElseGet(() -> RegistryAddress.ecr(event.account(), event.region()));
        OutputRetirement.Result result;
        try (ImageStore store = stores.open(registry.host(), registry.plainHttp(), repository, credentials)) {
            result = new OutputRetirement(tagRemovers.forRegistry(event.account(), event.region()))
                    .retire(store, repository, tag, detail.imageDigest(), config.outputTagSuffix());
        }
        String explanation = switch (result) {
            case UNTAGGED -> "untagged " + repository + ":" + outputTag + ": its source " + tag + " (" + detail.imageDigest() + ") was deleted";
            case ABSENT -> "nothing to retire: " + repository + ":" + outputTag + " does not exist";
            case NOT_OURS -> "left " + repository + ":" + outputTag + " alone: it was not built from the deleted " + detail.imageDigest();
        };
        log("retired", result.label(), () -> LOG.info("{}", explanation));
        return new Outcome.Retired(outputTag, result.label(), explanation);
    }

    private Outcome convert(EcrImageAction event, GuardDecision.Proceed image, Context context) throws IOException {
        TimeBudget budget = new TimeBudget(context, config.timeBudgetMargin());
        budget.check("starting the conversion");
        String outputTag = OutputTags.outputTag(image.tag(), config.outputTagSuffix());
        RegistryAddress ecr = RegistryAddress.ecr(event.account(), event.region());
        RegistryAddress registry = config.registryOverride().orElse(ecr);
        CredentialsProvider storeCredentials = config.registryOverride().isPresent()
                ? new StandInCredentials(credentials, registry.host(), ecr.host()) : credentials;
        Instant started = clock.instant();
        ConversionResult result;
        // zTOCs the cache has from other repositories are taken from those with this conversion's access; not
        // budgeted: a zTOC is small, and a store of the registry itself lets the target mount it instead of copying
        RecordedStores recorded = new RecordedStores(stores, registry, storeCredentials);
        try (ImageStore store = new BudgetedImageStore(
                stores.open(registry.host(), registry.plainHttp(), image.repository(), storeCredentials), budget)) {
            LOG.info("indexing {} into tag {}", store.description() + "@" + image.digest(), outputTag);
            result = converter.convert(store, image.digest(), store,
                    config.convertOptions(outputTag, image.repository(), image.tag()), recorded);
        }
        long durationMs = Duration.between(started, clock.instant()).toMillis();
        LayerSummary layers = LayerSummary.of(result);
        return switch (result.status()) {
            case ALREADY_CONVERTED -> skipped(SkipReason.ALREADY_INDEXED, "skipped: output tag " + outputTag
                    + " already holds an index built from " + image.digest());
            case SKIPPED -> {
                metrics.layersSkipped(layers.skippedByReason());
                yield skipped(SkipReason.NOTHING_TO_INDEX, "skipped: none of the " + layers.skipped()
                        + " layers qualified for a zTOC " + layers.skippedByReason()
                        + (result.target() == null ? "" : "; tagged " + result.target() + " with the unchanged image (tag when empty)"));
            }
            case CONVERTED -> indexed(image, outputTag, result, layers, durationMs);
        };
    }

    private Outcome indexed(GuardDecision.Proceed image, String outputTag, ConversionResult result,
                            LayerSummary layers, long durationMs) {
        metrics.imageIndexed(layers.indexed(), layers.bytesIndexed(), layers.ztocBytes(), durationMs);
        metrics.layersSkipped(layers.skippedByReason());
        List<CompletionEvent.PlatformIndex> platforms = result.platforms().stream()
                .map(p -> new CompletionEvent.PlatformIndex(p.platform(), p.manifestDigest(), p.sociIndexDigest()))
                .toList();
        CompletionEvent event = new CompletionEvent(image.repository(), image.tag(), image.digest(), outputTag,
                result.targetDigest(), platforms, layers.indexed(), layers.skipped(), durationMs);
        log("indexed", null, () -> LOG.info("indexed: {} layers indexed, {} skipped, {} compressed bytes read, "
                        + "output {}@{} in {} ms", layers.indexed(), layers.skipped(), layers.bytesIndexed(),
                outputTag, result.targetDigest(), durationMs));
        try {
            completions.publish(event);
        } catch (IOException e) {
            // The index is already in the registry and tagged; failing the invocation would make Lambda retry a
            // conversion that has nothing left to do (it would end as already-indexed, without an event either).
            // So the miss is logged and counted, and an alarm on the metric tells operators.
            metrics.completionEventFailed();
            LOG.error("completion event not published (the index was written): {}", e.getMessage(), e);
        }
        return new Outcome.Indexed(event);
    }

    private Outcome skipped(SkipReason reason, String explanation) {
        metrics.imageSkipped(reason);
        log("skipped", reason.label(), () -> LOG.info("{}", explanation));
        return new Outcome.Skipped(reason, explanation);
    }

    /** @param detail null when the event could not be parsed */
    private Outcome permanentFailure(Failure failure, String payloadText, EcrImageAction.Detail detail,
                                     Context context) throws IOException {
        metrics.imageFailed(failure.errorType());
        FailureRecord record = new FailureRecord(payloadText, failure.errorType(), failure.message(),
                detail == null ? null : detail.repositoryName(),
                detail == null ? null : detail.imageDigest(),
                detail == null ? null : detail.imageTag(),
                clock.instant().toString(),
                context.getAwsRequestId());
        // A malformed event is fully described by its message; for anything else the stack trace locates the cause.
        Throwable trace = failure.cause() instanceof MalformedEventException ? null : failure.cause();
        log("failed", failure.errorType(), () -> LOG.error("permanent failure ({}), recorded in the DLQ and not "
                + "retried: {}", failure.errorType(), failure.message(), trace));
        // If the DLQ cannot take the record, this throws and the invocation fails: Lambda then retries, and its
        // on-failure destination keeps the event, so it is never lost silently.
        failures.record(record);
        return new Outcome.Failed(record);
    }

    /**
     * Writes the outcome line with {@code outcome} and its {@code reason} (skips) or {@code errorType} (failures) as
     * fields of their own, so that log queries can group by them like the metrics do.
     */
    private static void log(String outcome, String reasonOrErrorType, Runnable line) {
        String key = outcome.equals("failed") ? "errorType" : "reason";
        MDC.put("outcome", outcome);
        if (reasonOrErrorType != null) {
            MDC.put(key, reasonOrErrorType);
        }
        try {
            line.run();
        } finally {
            MDC.remove("outcome");
            MDC.remove(key);
        }
    }
}
