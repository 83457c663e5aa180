package dev.sociindex.infra;

import dev.sociindex.contract.MetricNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * What an operator watches: one dashboard with the indexer's own metrics (names from {@link MetricNames}) next
 * to the Lambda and queue metrics, and alarms for the conditions that need a person, sent to the optional topic.
 */
public final class IndexerMonitoring extends Construct {
    static final Duration PERIOD = Duration.minutes(5);
    /** Percent of invocations that fail, over two of three periods, before someone is paged. */
    static final int ERROR_RATE_PERCENT = 10;
    /** An invocation this close to the timeout means the next larger image may not finish. */
    static final double DURATION_ALARM_FRACTION_OF_TIMEOUT = 0.9;

    private final Dashboard dashboard;
    private final Alarm deadLetterAlarm;
    private final Alarm errorRateAlarm;
    private final Alarm throttleAlarm;
    private final Alarm durationAlarm;
    private final Alarm completionEventAlarm;

    public IndexerMonitoring(Construct scope, String id, SociIndexBuilder indexer, IndexerSettings settings) {
        super(scope, id);
        Optional<ITopic> topic = settings.alarmTopicArn().map(arn -> Topic.fromTopicArn(this, "AlarmTopic", arn));

        IMetric deadLetterDepth = indexer.deadLetterQueue().metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).label("Messages in the DLQ").build());
        IMetric errors = indexer.function().metricErrors(sum("Errors"));
        IMetric invocations = indexer.function().metricInvocations(sum("Invocations"));
        IMetric throttles = indexer.function().metricThrottles(sum("Throttles"));
        IMetric maxDuration = indexer.function().metricDuration(
                MetricOptions.builder().statistic("Maximum").period(PERIOD).label("Lambda duration (max)").build());
        IMetric errorRate = MathExpression.Builder.create()
                .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                .usingMetrics(Map.of("errors", errors, "invocations", invocations))
                .period(PERIOD)
                .label("Error rate (%)")
                .build();

        deadLetterAlarm = alarm("DeadLetterQueueNotEmpty", deadLetterDepth, 1, 1, 1,
                "An event could not be indexed and is in the dead-letter queue: read the message's error and redrive or discard it.");
        errorRateAlarm = alarm("ErrorRate", errorRate, ERROR_RATE_PERCENT, 3, 2,
                "At least " + ERROR_RATE_PERCENT + "% of invocations failed in two of the last three " + PERIOD.toMinutes() + "-minute periods.");
        throttleAlarm = alarm("Throttles", throttles, 1, 3, 3,
                "The function has been throttled for 15 minutes: pushes wait (up to the maximum event age) for reserved concurrency.");
        double durationThresholdMs = settings.timeoutSeconds() * 1000.0 * DURATION_ALARM_FRACTION_OF_TIMEOUT;
        durationAlarm = alarm("DurationNearTimeout", maxDuration, durationThresholdMs, 1, 1,
                "An invocation ran within 10% of the " + settings.timeoutSeconds() + " s timeout: larger images may time out;"
                        + " consider more memory (more vCPUs).");
        completionEventAlarm = alarm("CompletionEventsFailed",
                indexerMetric(MetricNames.COMPLETION_EVENTS_FAILED, "Sum"), 1, 1, 1,
                "An image was indexed but its completion event could not be put on the bus: subscribers missed it;"
                        + " the function's ERROR log line names the image and the bus's answer.");
        topic.ifPresent(t -> alarms().forEach(alarm -> {
            alarm.addAlarmAction(new SnsAction(t));
            alarm.addOkAction(new SnsAction(t));
        }));

        dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        dashboard.addWidgets(
                graph("Images indexed", List.of(indexerMetric(MetricNames.IMAGES_INDEXED, "Sum"), indexerMetric(MetricNames.LAYERS_INDEXED, "Sum"))),
                graph("Images skipped, by reason", List.of(search(MetricNames.IMAGES_SKIPPED, MetricNames.DIMENSION_REASON))),
                // Permanent failures (each one a DLQ record for a person) beside transient ones (retried, may still succeed).
                graph("Images failed, by error type", List.of(search(MetricNames.IMAGES_FAILED, MetricNames.DIMENSION_ERROR_TYPE),
                        search(MetricNames.TRANSIENT_FAILURES, MetricNames.DIMENSION_ERROR_TYPE))));
        dashboard.addWidgets(
                graph("Index duration (ms)", List.of(
                        indexerMetric(MetricNames.INDEX_DURATION_MS, "p50"),
                        indexerMetric(MetricNames.INDEX_DURATION_MS, "p90"),
                        indexerMetric(MetricNames.INDEX_DURATION_MS, "Maximum"))),
                graph("Compressed bytes processed", List.of(indexerMetric(MetricNames.BYTES_PROCESSED, "Sum"))),
                graph("Layers skipped, by reason", List.of(search(MetricNames.LAYERS_SKIPPED, MetricNames.DIMENSION_REASON))));
        dashboard.addWidgets(
                graph("Lambda invocations, errors, throttles", List.of(invocations, errors, throttles)),
                graph("Lambda concurrency and duration", List.of(
                        indexer.function().metric("ConcurrentExecutions", MetricOptions.builder().statistic("Maximum").period(PERIOD).build()),
                        maxDuration)),
                graph("Dead-letter queue depth", List.of(deadLetterDepth)));
        dashboard.addWidgets(LogQueryWidget.Builder.create()
                .title("Recent failures")
                .logGroupNames(List.of(indexer.logGroup().getLogGroupName()))
                .queryLines(List.of(
                        "fields @timestamp, @message",
                        "filter level = \"ERROR\" or @message like /Task timed out/ or @message like /Exception/",
                        "sort @timestamp desc",
                        "limit 50"))
                .width(24)
                .height(8)
                .build());
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<Alarm> alarms() {
        return List.of(deadLetterAlarm, errorRateAlarm, throttleAlarm, durationAlarm, completionEventAlarm);
    }

    private Alarm alarm(String id, IMetric metric, double threshold, int evaluationPeriods, int datapointsToAlarm, String description) {
        return Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(evaluationPeriods)
                .datapointsToAlarm(datapointsToAlarm)
                // No data means no invocations or an empty queue: nothing is wrong.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }

    private static MetricOptions sum(String label) {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).label(label).build();
    }

    /** A metric the function emits with the single dimension {@code Service}. */
    private static Metric indexerMetric(String name, String statistic) {
        return Metric.Builder.create()
                .namespace(MetricNames.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(MetricNames.DIMENSION_SERVICE, MetricNames.SERVICE))
                .statistic(statistic)
                .period(PERIOD)
                .label(name + " (" + statistic + ")")
                .build();
    }

    /**
     * One line per value of {@code dimension} (each skip reason, each error type) without knowing the values in
     * advance: a SEARCH over the metric's exact dimension set {Service, dimension}.
     */
    static MathExpression search(String metricName, String dimension) {
        String expression = "SEARCH('{" + MetricNames.NAMESPACE + "," + MetricNames.DIMENSION_SERVICE + "," + dimension + "}"
                + " MetricName=\"" + metricName + "\" " + MetricNames.DIMENSION_SERVICE + "=\"" + MetricNames.SERVICE + "\"', 'Sum', "
                + PERIOD.toSeconds() + ")";
        return MathExpression.Builder.create().expression(expression).usingMetrics(Map.of()).period(PERIOD).build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }
}
