package dev.sociindex.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.sociindex.archfixture.cycle.convert.Converter;
import dev.sociindex.archfixture.cycle.verify.Verifier;
import dev.sociindex.archfixture.deployed.cli.Main;
import dev.sociindex.archfixture.deployed.lambda.Handler;
import dev.sociindex.archfixture.deployed.report.OptionParser;
import dev.sociindex.archfixture.sdk.aws.RegionAdapter;
import dev.sociindex.archfixture.sdk.convert.RegionPicker;
import dev.sociindex.archfixture.sdk.ztoc.ContextLogger;
import dev.sociindex.archfixture.upward.aws.Adapter;
import dev.sociindex.archfixture.upward.gzip.InflaterWithZtoc;
import dev.sociindex.archfixture.upward.oci.DescriptorWithStore;
import dev.sociindex.archfixture.upward.ztoc.Ztoc;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each house rule run on fixtures that break it (dev.sociindex.archfixture), so that none passes vacuously: the rule
 * must name exactly the breaking classes, and not the control class beside them that keeps the rule.
 */
class HouseRulesCatchTest {
    private static final String FIXTURES = "dev.sociindex.archfixture";

    @Test
    void awsRuleNamesTheFlowAndTheEngineClassThatUseAwsTypes() {
        String root = FIXTURES + ".sdk";
        EvaluationResult result = HouseRules.awsOnlyInAwsAndLambda(root).evaluate(fixtures(root));
        assertEquals(names(RegionPicker.class, ContextLogger.class), origins(result));
        assertFalse(origins(result).contains(RegionAdapter.class.getName()), "aws may use the SDK");
    }

    @Test
    void tierRuleNamesValuesUsingStoreGzipUsingZtocAndAwsUsingLambda() {
        String root = FIXTURES + ".upward";
        EvaluationResult result = HouseRules.tiers(root, true).evaluate(fixtures(root));
        assertEquals(names(DescriptorWithStore.class, InflaterWithZtoc.class, Adapter.class), origins(result));
        assertFalse(origins(result).contains(Ztoc.class.getName()), "ztoc may use gzip");
    }

    @Test
    void tierRuleReportsEmptyTiersWhenTheyMustAllHaveClasses() {
        String root = FIXTURES + ".cycle";
        String report = report(HouseRules.tiers(root, false), root);
        // The real check runs this way, so a tier whose packages were renamed away cannot pass silently.
        assertTrue(report.contains("Layer 'values' is empty"), report);
        assertTrue(report.contains("Layer 'cli' is empty"), report);
        assertFalse(HouseRules.tiers(root, true).evaluate(fixtures(root)).hasViolation(),
                "a cycle inside one tier is not a tier violation; the cycle rule catches it");
    }

    @Test
    void cycleRuleNamesTheConvertVerifyCycle() {
        String root = FIXTURES + ".cycle";
        String report = report(HouseRules.noPackageCycles(root), root);
        assertTrue(report.contains("Cycle detected: Slice convert"), report);
        assertTrue(report.contains("Slice verify"), report);
        assertTrue(report.contains(Converter.class.getName()) && report.contains(Verifier.class.getName()), report);
    }

    @Test
    void deployedRuleNamesTheHandlerThatCallsLocalInvocationAndTheFlowThatUsesPicocli() {
        String root = FIXTURES + ".deployed";
        EvaluationResult result = HouseRules.deployedCodeStaysOutOfCliCode(root).evaluate(fixtures(root));
        assertEquals(names(Handler.class, OptionParser.class), origins(result));
        assertFalse(origins(result).contains(Main.class.getName()), "the CLI is not deployed and may use it");
        assertFalse(HouseRules.tiers(root, true).evaluate(fixtures(root)).hasViolation(),
                "lambda and lambda.local share a tier: only the deployed rule sees this");
    }

    private static JavaClasses fixtures(String root) {
        return new ClassFileImporter().importPackages(root);
    }

    private static String report(ArchRule rule, String root) {
        EvaluationResult result = rule.evaluate(fixtures(root));
        assertTrue(result.hasViolation(), rule.getDescription() + " reported nothing on " + root);
        return String.join("\n", result.getFailureReport().getDetails());
    }

    /** The classes each violation starts from: ArchUnit writes them first, as "Method <pkg.Class.m()> calls ...". */
    private static Set<String> origins(EvaluationResult result) {
        assertTrue(result.hasViolation(), "the rule reported nothing");
        Set<String> origins = new TreeSet<>();
        for (String detail : result.getFailureReport().getDetails()) {
            String member = detail.substring(detail.indexOf('<') + 1);
            String owner = member.substring(0, member.indexOf('>'));
            // Members are Class.member(...) or Class.<init>(...); a bare class (Class <X> ...) has no member.
            String withoutArgs = owner.contains("(") ? owner.substring(0, owner.indexOf('(')) : owner;
            origins.add(detail.startsWith("Class <") ? withoutArgs : withoutArgs.substring(0, withoutArgs.lastIndexOf('.')));
        }
        return origins;
    }

    private static Set<String> names(Class<?>... classes) {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : classes) {
            names.add(c.getName());
        }
        return names;
    }
}
