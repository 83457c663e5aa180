package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sociindex.contract.ImageFilters;
import org.junit.jupiter.api.Test;

class GuardsTest {
    private static final String DIGEST = Harness.digest('7');
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";

    private final Guards everything = new Guards(ImageFilters.parse("*:*"), "-soci");

    private static EcrImageAction event(String action, String result, String repository, String tag,
                                        String artifactMediaType) {
        return new EcrImageAction("0", "id", "ECR Image Action", "aws.ecr", "123456789012", "2026-11-20T10:15:42Z",
                "eu-central-1", java.util.List.of(), new EcrImageAction.Detail(result, repository, DIGEST, action, tag,
                "application/vnd.oci.image.manifest.v1+json", artifactMediaType));
    }

    private static SkipReason skipReason(GuardDecision decision) {
        return assertInstanceOf(GuardDecision.Skip.class, decision).reason();
    }

    @Test
    void aSuccessfulTaggedImagePushProceedsWithItsRepositoryDigestAndTag() {
        GuardDecision decision = everything.decide(event("PUSH", "SUCCESS", "team/app", "v1", OCI_CONFIG));

        assertEquals(new GuardDecision.Proceed("team/app", DIGEST, "v1"), decision);
    }

    @Test
    void anIndexPushWithoutArtifactMediaTypeProceeds() {
        assertInstanceOf(GuardDecision.Proceed.class, everything.decide(event("PUSH", "SUCCESS", "team/app", "v1", null)));
    }

    @Test
    void aDockerImageConfigCountsAsAnImage() {
        GuardDecision decision = everything.decide(
                event("PUSH", "SUCCESS", "team/app", "v1", "application/vnd.docker.container.image.v1+json"));

        assertInstanceOf(GuardDecision.Proceed.class, decision);
    }

    @Test
    void theFirstApplicableGuardNamesTheReason() {
        // Each event also fails every later guard, so only the order decides which reason is reported.
        assertEquals(SkipReason.NOT_PUSH_SUCCESS,
                skipReason(everything.decide(event("DELETE", "SUCCESS", "x", "", HELM_CONFIG))));
        assertEquals(SkipReason.NOT_PUSH_SUCCESS,
                skipReason(everything.decide(event("PUSH", "FAILED", "x", "", HELM_CONFIG))));

        Guards onlyProd = new Guards(ImageFilters.parse("prod/*:*"), "-soci");
        assertEquals(SkipReason.UNTAGGED, skipReason(onlyProd.decide(event("PUSH", "SUCCESS", "dev/x", "", HELM_CONFIG))));
        assertEquals(SkipReason.OUTPUT_TAG,
                skipReason(onlyProd.decide(event("PUSH", "SUCCESS", "dev/x", "v1-soci", HELM_CONFIG))));
        assertEquals(SkipReason.FILTER_MISMATCH,
                skipReason(onlyProd.decide(event("PUSH", "SUCCESS", "dev/x", "v1", HELM_CONFIG))));
        assertEquals(SkipReason.NOT_AN_IMAGE,
                skipReason(onlyProd.decide(event("PUSH", "SUCCESS", "prod/x", "v1", HELM_CONFIG))));
    }

    @Test
    void aMissingTagCountsAsUntagged() {
        assertEquals(SkipReason.UNTAGGED, skipReason(everything.decide(event("PUSH", "SUCCESS", "a", null, null))));
    }

    @Test
    void theLoopGuardFollowsAConfiguredSuffix() {
        Guards lazy = new Guards(ImageFilters.parse("*:*"), "-lazy");

        GuardDecision own = lazy.decide(event("PUSH", "SUCCESS", "team/app", "v2-lazy", null));
        GuardDecision notOwn = lazy.decide(event("PUSH", "SUCCESS", "team/app", "v2-soci", null));

        GuardDecision.Skip skip = assertInstanceOf(GuardDecision.Skip.class, own);
        assertEquals(SkipReason.OUTPUT_TAG, skip.reason());
        assertTrue(skip.explanation().contains("'-lazy'"), skip.explanation());
        assertInstanceOf(GuardDecision.Proceed.class, notOwn);
    }

    @Test
    void filtersSelectRepositoryAndTagTogether() {
        Guards releases = new Guards(ImageFilters.parse("prod/*:release-*,tools/ci:latest"), "-soci");

        assertInstanceOf(GuardDecision.Proceed.class,
                releases.decide(event("PUSH", "SUCCESS", "prod/web", "release-7", null)));
        assertInstanceOf(GuardDecision.Proceed.class,
                releases.decide(event("PUSH", "SUCCESS", "tools/ci", "latest", null)));
        GuardDecision.Skip mismatch = assertInstanceOf(GuardDecision.Skip.class,
                releases.decide(event("PUSH", "SUCCESS", "prod/web", "latest", null)));
        assertEquals(SkipReason.FILTER_MISMATCH, mismatch.reason());
        assertTrue(mismatch.explanation().contains("prod/web:latest"), mismatch.explanation());
    }

    @Test
    void aNonImageArtifactIsSkippedNamingItsMediaType() {
        GuardDecision.Skip skip = assertInstanceOf(GuardDecision.Skip.class,
                everything.decide(event("PUSH", "SUCCESS", "charts/app", "0.3.1", HELM_CONFIG)));

        assertEquals(SkipReason.NOT_AN_IMAGE, skip.reason());
        assertTrue(skip.explanation().contains(HELM_CONFIG), skip.explanation());
    }
}
