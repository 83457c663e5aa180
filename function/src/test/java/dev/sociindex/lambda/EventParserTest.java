package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private final EventParser parser = new EventParser();

    private static final String VALID_DETAIL = """
            "result":"SUCCESS","repository-name":"team/app","action-type":"PUSH","image-tag":"v1",
            "image-digest":"sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234abcd\"""";

    private static String event(String account, String region, String detail) {
        return "{\"version\":\"0\",\"detail-type\":\"ECR Image Action\",\"source\":\"aws.ecr\",\"account\":" + account
                + ",\"region\":" + region + ",\"detail\":" + detail + "}";
    }

    private String rejection(String payload) {
        return assertThrows(MalformedEventException.class,
                () -> parser.parse(payload.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void parsesTheDocumentedFieldsOfARealEvent() throws IOException {
        EcrImageAction event = parser.parse(Files.readAllBytes(TestEvents.file("push-tagged-single-arch.json")));

        assertEquals("ECR Image Action", event.detailType());
        assertEquals("123456789012", event.account());
        assertEquals("eu-central-1", event.region());
        assertEquals("team/web-app", event.detail().repositoryName());
        assertEquals("v1.4.2", event.detail().imageTag());
        assertEquals("sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234abcd",
                event.detail().imageDigest());
        assertEquals("application/vnd.oci.image.config.v1+json", event.detail().artifactMediaType());
        assertTrue(event.detail().isSuccessfulPush());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        EcrImageAction event = parser.parse(event("\"123456789012\"", "\"us-east-1\"",
                "{" + VALID_DETAIL + ",\"target-storage-class\":\"ARCHIVE\"}").getBytes(StandardCharsets.UTF_8));

        assertEquals("team/app", event.detail().repositoryName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                 | PUSH SUCCESS                          | at line 1, column 1",
            "empty payload            | ''                                    | No content",
            "JSON null                | null                                  | the payload is JSON null",
            "JSON array               | []                                    | at line 1, column 1",
            "trailing text            | {\"detail\":{}} x                     | at line 1, column 15",
            "detail is text           | {\"detail\":\"PUSH\"}                 | (field 'detail')",
            "missing action-type      | {\"detail\":{\"result\":\"SUCCESS\"}} | 'detail.action-type' is missing",
    })
    void rejectsWithAMessageThatSaysWhatAndWhere(String name, String payload, String phrase) {
        String message = rejection(payload);

        assertTrue(message.startsWith("malformed ECR Image Action event: "), message);
        assertTrue(message.contains(phrase), message);
    }

    @Test
    void aNumberWhereATagBelongsIsAnErrorNotATag() {
        String message = rejection(event("\"123456789012\"", "\"us-east-1\"",
                "{" + VALID_DETAIL.replace("\"image-tag\":\"v1\"", "\"image-tag\":42") + "}"));

        assertTrue(message.contains("(field 'detail.image-tag')"), message);
        assertTrue(message.contains("line 1"), message);
    }

    @Test
    void aSuccessfulPushNeedsAWellFormedDigestAccountAndRegion() {
        assertTrue(rejection(event("\"123456789012\"", "\"us-east-1\"",
                "{" + VALID_DETAIL.replace("7f5b2640", "XYZ") + "}"))
                .contains("field 'detail.image-digest' must be a sha256 digest"));
        assertTrue(rejection(event("\"12345\"", "\"us-east-1\"", "{" + VALID_DETAIL + "}"))
                .contains("field 'account' must be a 12-digit AWS account id, was '12345'"));
        assertTrue(rejection(event("\"123456789012\"", "null", "{" + VALID_DETAIL + "}"))
                .contains("required field 'region' is missing"));
        assertTrue(rejection(event("\"123456789012\"", "\"us-east-1\"",
                "{" + VALID_DETAIL.replace("\"repository-name\":\"team/app\",", "") + "}"))
                .contains("required field 'detail.repository-name' is missing"));
    }

    @Test
    void aDeleteNeedsNoDigestOrRegion() {
        EcrImageAction event = parser.parse(event("null", "null",
                "{\"result\":\"SUCCESS\",\"action-type\":\"DELETE\"}").getBytes(StandardCharsets.UTF_8));

        assertEquals("DELETE", event.detail().actionType());
    }

    private static String backfillRequest(String account, String region, String detail) {
        return "{\"version\":\"0\",\"detail-type\":\"SOCI Backfill Request\",\"source\":\"soci-index-builder\",\"account\":"
                + account + ",\"region\":" + region + ",\"detail\":" + detail + "}";
    }

    @Test
    void aBackfillRequestNamesItsImageByTagAndIsIndexedLikeAPushOfIt() throws IOException {
        EcrImageAction event = parser.parse(Files.readAllBytes(TestEvents.file("backfill-request.json")));
        assertTrue(event.isBackfillRequest());
        assertEquals("team/web-app", event.detail().repositoryName());
        assertEquals("v1.4.2", event.detail().imageTag());
        assertEquals(null, event.detail().imageDigest(), "read from the tag when indexed");
        GuardDecision decision = new Guards(dev.sociindex.contract.ImageFilters.parse("team/*:*"), "-soci").decide(event);
        assertEquals(new GuardDecision.Proceed("team/web-app", null, "v1.4.2"), decision);
        assertEquals("v1.4.2", ((GuardDecision.Proceed) decision).reference());
        assertEquals(GuardDecision.Skip.class, new Guards(dev.sociindex.contract.ImageFilters.parse("other:*"), "-soci")
                .decide(event).getClass(), "the filters apply to backfill requests too");
    }

    @Test
    void ourCompletionEventIsNoBackfillRequest() {
        String completion = "{\"detail-type\":\"SOCI Index Created\",\"source\":\"soci-index-builder\",\"account\":\"123456789012\","
                + "\"region\":\"eu-central-1\",\"detail\":{\"repository\":\"team/app\",\"tag\":\"v1\"}}";
        assertTrue(rejection(completion).startsWith("malformed ECR Image Action event: required field 'detail.action-type'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no tag            | \"123456789012\" | \"eu-central-1\" | {\"repository-name\":\"team/app\"}                                   | required field 'detail.image-tag' is missing",
            "empty repository  | \"123456789012\" | \"eu-central-1\" | {\"repository-name\":\"\",\"image-tag\":\"v1\"}                        | required field 'detail.repository-name' is missing",
            "bad tag           | \"123456789012\" | \"eu-central-1\" | {\"repository-name\":\"team/app\",\"image-tag\":\"-v1\"}                | field 'detail.image-tag' must be a tag",
            "bad repository    | \"123456789012\" | \"eu-central-1\" | {\"repository-name\":\"Team/../app\",\"image-tag\":\"v1\"}              | field 'detail.repository-name' must be a repository name",
            "bad digest        | \"123456789012\" | \"eu-central-1\" | {\"repository-name\":\"a\",\"image-tag\":\"v1\",\"image-digest\":\"md5:1\"} | field 'detail.image-digest' must be a sha256 digest",
            "no account        | null             | \"eu-central-1\" | {\"repository-name\":\"a\",\"image-tag\":\"v1\"}                       | required field 'account' is missing",
            "bad region        | \"123456789012\" | \"Mars\"         | {\"repository-name\":\"a\",\"image-tag\":\"v1\"}                       | field 'region' must be an AWS region name",
            "no detail         | \"123456789012\" | \"eu-central-1\" | null                                                             | required field 'detail' is missing"})
    void aMalformedBackfillRequestIsRejectedWithTheField(String name, String account, String region, String detail, String expected) {
        String message = rejection(backfillRequest(account, region, detail));
        assertTrue(message.contains(expected), message);
        assertTrue(message.startsWith("malformed "), message);
    }
}
