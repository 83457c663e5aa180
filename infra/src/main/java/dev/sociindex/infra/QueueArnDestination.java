package dev.sociindex.infra;

import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * An on-failure destination that only names the queue. CDK's own {@code SqsDestination} also grants
 * {@code sqs:GetQueueAttributes} and {@code sqs:GetQueueUrl}; the function needs nothing beyond
 * {@code sqs:SendMessage}, which {@link IndexerPolicy} grants on this queue explicitly.
 */
final class QueueArnDestination implements IDestination {
    private final IQueue queue;

    QueueArnDestination(IQueue queue) {
        this.queue = queue;
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction function, DestinationOptions options) {
        return bind(scope, function);
    }

    @Override
    public DestinationConfig bind(Construct scope, IFunction function) {
        return DestinationConfig.builder().destination(queue.getQueueArn()).build();
    }
}
