package dev.sociindex.infra;

import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The deployable unit: the indexer, its monitoring, and the outputs an operator needs after {@code cdk deploy}. */
public final class SociIndexBuilderStack extends Stack {
    private final SociIndexBuilder indexer;
    private final IndexerMonitoring monitoring;

    public SociIndexBuilderStack(Construct scope, String id, StackProps stackProps, SociIndexBuilderProps props) {
        super(scope, id, stackProps);
        indexer = new SociIndexBuilder(this, "Indexer", props);
        monitoring = new IndexerMonitoring(this, "Monitoring", indexer, props.settings());

        CfnOutput.Builder.create(this, "FunctionName")
                .description("The indexer function")
                .value(indexer.function().getFunctionName())
                .build();
        CfnOutput.Builder.create(this, "BackfillFunctionName")
                .description("Invoke to enqueue a backfill of the registry's existing images (see README, Backfill)")
                .value(indexer.backfillFunction().getFunctionName())
                .build();
        CfnOutput.Builder.create(this, "DeadLetterQueueUrl")
                .description("Events that could not be indexed, with the reason")
                .value(indexer.deadLetterQueue().getQueueUrl())
                .build();
        CfnOutput.Builder.create(this, "DashboardUrl")
                .description("CloudWatch dashboard of the indexer")
                .value(Fn.join("", List.of("https://", Aws.REGION, ".console.aws.amazon.com/cloudwatch/home?region=", Aws.REGION,
                        "#dashboards:name=", monitoring.dashboard().getDashboardName())))
                .build();
        sourceBusOutput();
    }

    private void sourceBusOutput() {
        indexer.sourceAccountsBus().ifPresent(bus -> CfnOutput.Builder.create(this, "SourceAccountsBusArn")
                .description("Target of the forwarding rule in each source account (see docs/deploy.md)")
                .value(bus.getEventBusArn())
                .build());
    }

    public SociIndexBuilder indexer() {
        return indexer;
    }

    public IndexerMonitoring monitoring() {
        return monitoring;
    }
}
