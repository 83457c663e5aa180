package dev.sociindex.infra;

import dev.sociindex.contract.Defaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The function's permissions, each statement as narrow as the service allows: named actions only (never
 * {@code *}), on the repositories the filters select, the completion bus and the dead-letter queue.
 */
final class IndexerPolicy {
    /** Pull the pushed image, push the zTOCs, SOCI index and image index, and look up what is already there. */
    static final List<String> REPOSITORY_ACTIONS = List.of(
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
            "ecr:DescribeImages",
            "ecr:ListImages");

    /**
     * What Lambda needs to attach the function to the subnets (the actions of the AWS-managed
     * AWSLambdaVPCAccessExecutionRole, minus the logging ones granted on our own log group).
     */
    static final List<String> NETWORK_INTERFACE_ACTIONS = List.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");

    private IndexerPolicy() {
    }

    /** The only two calls the zTOC cache makes: no scan, no query, no delete. */
    static final List<String> ZTOC_CACHE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem");

    static List<PolicyStatement> statements(Stack stack, IndexerSettings settings, String deadLetterQueueArn, String ztocCacheTableArn) {
        List<PolicyStatement> statements = new ArrayList<>();
        // GetAuthorizationToken has no resource-level permissions: IAM accepts only "*" for it.
        statements.add(allow("EcrAuthorizationToken", List.of("ecr:GetAuthorizationToken"), List.of("*")));
        statements.add(allow("EcrPullAndPush", REPOSITORY_ACTIONS, repositoryArns(stack, settings)));
        if (settings.untagOnDelete()) {
            // Output lifecycle: BatchDeleteImage by tag removes one tag of an output, on the filtered repositories only.
            statements.add(allow("EcrUntagOutputs", List.of("ecr:BatchDeleteImage"), repositoryArns(stack, settings)));
        }
        statements.add(allow("DeadLetterQueue", List.of("sqs:SendMessage"), List.of(deadLetterQueueArn)));
        statements.add(allow("ZtocCache", ZTOC_CACHE_ACTIONS, List.of(ztocCacheTableArn)));
        if (!settings.sourceAccountRoles().isEmpty()) {
            // Exactly the configured roles, one per forwarding account: never a wildcard.
            statements.add(allow("SourceAccountRoles", List.of("sts:AssumeRole"),
                    settings.sourceAccountRoles().roles().values().stream().sorted().toList()));
        }
        settings.queueKmsKeyArn().ifPresent(key ->
                // Sending to a queue encrypted with a customer key needs a data key from that key.
                statements.add(allow("DeadLetterQueueKey", List.of("kms:GenerateDataKey", "kms:Decrypt"), List.of(key))));
        if (settings.vpc().isPresent()) {
            // With a role of our own CDK adds no VPC permissions; these EC2 actions take no resource-level scope.
            statements.add(allow("VpcNetworkInterfaces", NETWORK_INTERFACE_ACTIONS, List.of("*")));
        }
        completionBusArn(stack, settings).ifPresent(bus -> statements.add(PolicyStatement.Builder.create()
                .sid("CompletionEvents")
                .effect(Effect.ALLOW)
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus))
                // Only our own completion events, not events that impersonate another source.
                .conditions(Map.of("StringEquals", Map.of("events:source", List.of(Defaults.EVENT_SOURCE))))
                .build()));
        return statements;
    }

    static List<String> repositoryArns(Stack stack, IndexerSettings settings) {
        return RepositoryArns.resourceNames(settings.filters()).stream()
                .map(name -> stack.formatArn(ArnComponents.builder()
                        .service("ecr")
                        .resource(name.substring(0, name.indexOf('/')))
                        .resourceName(name.substring(name.indexOf('/') + 1))
                        .build()))
                .toList();
    }

    static Optional<String> completionBusArn(Stack stack, IndexerSettings settings) {
        return settings.completionEventBus().map(bus -> stack.formatArn(ArnComponents.builder()
                .service("events")
                .resource("event-bus")
                .resourceName(bus)
                .build()));
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }
}
