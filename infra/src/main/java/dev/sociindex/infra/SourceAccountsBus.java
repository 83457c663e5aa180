package dev.sociindex.infra;

import dev.sociindex.contract.SourceAccountRoles;
import java.util.List;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * A bus that other accounts forward their ECR push events to (a rule in each of them, see docs/deploy.md), with a
 * resource policy that lets exactly the configured source accounts put events, and a rule that hands the selected
 * pushes to the indexer like the rule on the default bus does. The forwarded event keeps its {@code account}, by which
 * the function picks the role to assume.
 */
final class SourceAccountsBus extends Construct {
    private final EventBus bus;
    private final Rule rule;

    /** @param pattern the same selection as the default bus's rule; @param target the same target, retries and DLQ */
    SourceAccountsBus(Construct scope, String id, SourceAccountRoles sources, EventPattern pattern, LambdaFunction target) {
        super(scope, id);
        bus = EventBus.Builder.create(this, "Bus")
                .description("ECR push events forwarded by the source accounts of soci-index-builder")
                .build();
        List<IPrincipal> accounts = sources.roles().keySet().stream().sorted().<IPrincipal>map(AccountPrincipal::new).toList();
        bus.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("SourceAccountsPutEcrEvents")
                .effect(Effect.ALLOW)
                .principals(accounts)
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .build());
        rule = Rule.Builder.create(this, "ForwardedPushRule")
                .description("ECR pushes forwarded by the source accounts, selected by the same filters")
                .eventBus(bus)
                .eventPattern(pattern)
                .build();
        rule.addTarget(target);
    }

    EventBus bus() {
        return bus;
    }

    Rule rule() {
        return rule;
    }
}
