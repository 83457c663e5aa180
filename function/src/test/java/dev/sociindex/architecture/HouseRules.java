package dev.sociindex.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The layering of the function module as ArchUnit rules (docs/architecture.md explains the tiers). Every rule takes
 * the root package, so the same rule that checks {@code dev.sociindex} also runs against the small rule-breaking
 * fixtures under {@code dev.sociindex.archfixture.*}, which mirror the package names below their own root: a rule
 * that cannot report those fixtures would pass vacuously.
 *
 * <p>Tiers from the bottom; a tier may use the tiers below it and itself, never one above:
 * <ol>
 *   <li>values: {@code bytes}, {@code files}, {@code oci} (OCI descriptors, media types, manifests, digests)</li>
 *   <li>engine, in its own order: codecs ({@code gzip}, {@code tar}) → {@code ztoc} → {@code layer}, {@code index}</li>
 *   <li>{@code store} (ImageStore, OCI layout and archive stores)</li>
 *   <li>{@code registry} (the distribution client, RegistryImageStore, StoreLocator)</li>
 *   <li>flows: {@code convert}, {@code verify}, {@code cache}, {@code backfill}, {@code report}</li>
 *   <li>{@code aws}: every adapter to the AWS SDK</li>
 *   <li>{@code lambda} (with {@code lambda.local}, the local invocation that is not deployed)</li>
 *   <li>cli: {@code cli}, {@code bench}, {@code demo}</li>
 * </ol>
 * {@code dev.sociindex.contract} (the shared module, which the CDK stack also reads) sits in no tier: anyone may use it.
 */
final class HouseRules {
    /** The packages that the CLI jar has and the deployed function jar leaves out (function/pom.xml's shade filter). */
    static final String[] NOT_DEPLOYED = {"cli", "bench", "demo", "lambda.local"};

    private HouseRules() {
    }

    /** Only the AWS adapters and the Lambda entry points touch AWS SDK, Lambda runtime or Powertools types. */
    static ArchRule awsOnlyInAwsAndLambda(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(root + ".aws..", root + ".lambda..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon.awssdk..", "com.amazonaws..", "software.amazon.lambda..")
                .as("only " + root + ".aws and " + root + ".lambda use AWS SDK or Lambda types");
    }

    /** No tier uses a higher one; {@code allowEmptyTiers} is for the fixtures, which populate only a few tiers. */
    static ArchRule tiers(String root, boolean allowEmptyTiers) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(allowEmptyTiers)
                .layer("values").definedBy(in(root, "bytes", "files", "oci"))
                .layer("codecs").definedBy(in(root, "gzip", "tar"))
                .layer("ztoc").definedBy(in(root, "ztoc"))
                .layer("layers and index").definedBy(in(root, "layer", "index"))
                .layer("store").definedBy(in(root, "store"))
                .layer("registry").definedBy(in(root, "registry"))
                .layer("flows").definedBy(in(root, "convert", "verify", "cache", "backfill", "report"))
                .layer("aws").definedBy(in(root, "aws"))
                .layer("lambda").definedBy(in(root, "lambda"))
                .layer("cli").definedBy(in(root, "cli", "bench", "demo"))
                .whereLayer("values").mayNotAccessAnyLayer()
                .whereLayer("codecs").mayOnlyAccessLayers("values")
                .whereLayer("ztoc").mayOnlyAccessLayers("values", "codecs")
                .whereLayer("layers and index").mayOnlyAccessLayers("values", "codecs", "ztoc")
                .whereLayer("store").mayOnlyAccessLayers("values", "codecs", "ztoc", "layers and index")
                .whereLayer("registry").mayOnlyAccessLayers("values", "codecs", "ztoc", "layers and index", "store")
                .whereLayer("flows").mayOnlyAccessLayers(
                        "values", "codecs", "ztoc", "layers and index", "store", "registry")
                .whereLayer("aws").mayOnlyAccessLayers(
                        "values", "codecs", "ztoc", "layers and index", "store", "registry", "flows")
                .whereLayer("lambda").mayOnlyAccessLayers(
                        "values", "codecs", "ztoc", "layers and index", "store", "registry", "flows", "aws")
                .as("tiers of " + root + ": values < gzip, tar < ztoc < layer, index < store < registry < flows"
                        + " < aws < lambda < cli");
    }

    /** Every package is its own slice ({@code lambda} and {@code lambda.local} are two), and no slices form a cycle. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles()
                .as("no package cycles under " + root);
    }

    /**
     * What the function jar deploys never reaches into what it leaves out, neither the CLI packages nor picocli, the
     * CLI's library (else the Lambda would fail at run time with a missing class).
     */
    static ArchRule deployedCodeStaysOutOfCliCode(String root) {
        String[] notDeployed = in(root, NOT_DEPLOYED);
        String[] notDeployedOrPicocli = Arrays.copyOf(notDeployed, notDeployed.length + 1);
        notDeployedOrPicocli[notDeployed.length] = "picocli..";
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(notDeployed)
                .should().dependOnClassesThat().resideInAnyPackage(notDeployedOrPicocli)
                .as("the deployed classes of " + root + " never use " + String.join(", ", NOT_DEPLOYED)
                        + " or picocli");
    }

    private static String[] in(String root, String... packages) {
        return Arrays.stream(packages).map(p -> root + "." + p + "..").toArray(String[]::new);
    }
}
