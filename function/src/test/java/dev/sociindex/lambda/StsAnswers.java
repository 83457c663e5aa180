package dev.sociindex.lambda;

import java.time.Instant;

/** What a local STS stand-in answers: the Query protocol's AssumeRole response for the test role. */
final class StsAnswers {
    private static final String GRANTED = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIAROLE</AccessKeyId>
                  <SecretAccessKey>secret-of-the-role</SecretAccessKey>
                  <SessionToken>session-of-the-role</SessionToken>
                  <Expiration>%s</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::111111111111:assumed-role/soci-reader/soci-index-builder</Arn>
                  <AssumedRoleId>AROAEXAMPLE:soci-index-builder</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
                        """;

    private StsAnswers() {
    }

    /** A granted AssumeRole for {@code arn:aws:iam::111111111111:role/soci-reader}, valid until {@code expiration}. */
    static String assumeRoleGranted(Instant expiration) {
        return GRANTED.formatted(expiration);
    }
}
