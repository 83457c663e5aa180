package dev.sociindex.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth} / {@code cdk deploy} run this through {@code infra/cdk-app.sh} (see cdk.json),
 * from the repository root. Settings come from the CDK context; every synth also runs cdk-nag's AwsSolutions
 * checks, and a finding without a justified suppression fails the synth.
 */
public final class SociIndexBuilderApp {
    public static final String STACK_NAME = "SociIndexBuilder";
    /** Where {@code ./build jar} puts the function's shaded jar, relative to the repository root. */
    public static final String DEFAULT_FUNCTION_JAR = "function/target/soci-index-builder-function.jar";
    /** Context key to deploy a jar from elsewhere. */
    public static final String FUNCTION_JAR = "functionJar";

    private SociIndexBuilderApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        SociIndexBuilderProps props;
        try {
            IndexerSettings settings = new ContextSettings(app.getNode()::tryGetContext).read();
            Object jar = app.getNode().tryGetContext(FUNCTION_JAR);
            props = new SociIndexBuilderProps(settings, Path.of(jar == null ? DEFAULT_FUNCTION_JAR : jar.toString()));
        } catch (IllegalArgumentException e) {
            // A configuration mistake, not a bug: the message says which key to fix; a stack trace would bury it.
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        new SociIndexBuilderStack(app, STACK_NAME, StackProps.builder()
                .description("soci-index-builder: SOCI v2 indexes for images pushed to Amazon ECR")
                .build(), props);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }
}
