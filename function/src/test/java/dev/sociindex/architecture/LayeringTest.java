package dev.sociindex.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules on the real main classes (no test classes, so neither the fixtures nor test helpers). */
class LayeringTest {
    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sociindex");
        // Guards the import itself: a classpath that yields no handler or no shared contract would check nothing.
        assertTrue(mainClasses.contain("dev.sociindex.lambda.IndexerHandler"), "main classes imported");
        assertTrue(mainClasses.contain("dev.sociindex.contract.ConfigKeys"), "shared module's contract imported");
        assertTrue(mainClasses.stream().noneMatch(c -> c.getPackageName().startsWith("dev.sociindex.archfixture")),
                "the rule-breaking fixtures stay out of the real check");
    }

    @Test
    void onlyAwsAndLambdaUseAwsTypes() {
        HouseRules.awsOnlyInAwsAndLambda("dev.sociindex").check(mainClasses);
    }

    @Test
    void noTierUsesAHigherOneAndEveryTierHasClasses() {
        HouseRules.tiers("dev.sociindex", false).check(mainClasses);
    }

    @Test
    void noPackageCycles() {
        HouseRules.noPackageCycles("dev.sociindex").check(mainClasses);
    }

    @Test
    void deployedCodeNeverUsesCliBenchDemoOrLocalInvocation() {
        HouseRules.deployedCodeStaysOutOfCliCode("dev.sociindex").check(mainClasses);
    }
}
