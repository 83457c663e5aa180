package dev.sociindex.aws;

import java.io.IOException;
import java.time.Instant;

/** Temporary credentials for a role (STS AssumeRole): the only AWS call cross-account access adds. */
@FunctionalInterface
public interface RoleSessions {
    Session assume(String roleArn, String sessionName) throws IOException;

    record Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    }
}
