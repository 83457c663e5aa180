package dev.sociindex.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sociindex.contract.SourceAccountRoles;
import dev.sociindex.registry.Credentials;
import dev.sociindex.registry.CredentialsProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The role is picked by the account of the registry host (the event's account); everything else stays at home. */
class SourceAccountCredentialsTest {
    private static final String ROLE_A = "arn:aws:iam::111111111111:role/soci-reader";
    private static final String ROLE_B = "arn:aws:iam::222222222222:role/soci-reader";
    private final List<String> rolesOpened = new ArrayList<>();

    private SourceAccountCredentials provider() {
        CredentialsProvider home = host -> Optional.of(new Credentials("AWS", "home-token"));
        return new SourceAccountCredentials(SourceAccountRoles.parse("111111111111=" + ROLE_A + ",222222222222=" + ROLE_B), home,
                (role, region) -> {
                    rolesOpened.add(role + "@" + region);
                    return host -> Optional.of(new Credentials("AWS", role + "|" + region));
                });
    }

    @Test
    void eachSourceAccountsRegistryIsReachedThroughItsOwnRole() throws IOException {
        SourceAccountCredentials credentials = provider();
        assertEquals("arn:aws:iam::111111111111:role/soci-reader|eu-west-1",
                credentials.credentialsFor("111111111111.dkr.ecr.eu-west-1.amazonaws.com").orElseThrow().password());
        assertEquals("arn:aws:iam::222222222222:role/soci-reader|us-east-1",
                credentials.credentialsFor("222222222222.dkr.ecr.us-east-1.amazonaws.com").orElseThrow().password());
        assertEquals("arn:aws:iam::222222222222:role/soci-reader|eu-west-1",
                credentials.credentialsFor("222222222222.dkr.ecr-fips.eu-west-1.amazonaws.com").orElseThrow().password());
    }

    @Test
    void theFunctionsOwnAndUnknownRegistriesUseTheHomeCredentials() throws IOException {
        SourceAccountCredentials credentials = provider();
        assertEquals("home-token", credentials.credentialsFor("999999999999.dkr.ecr.eu-west-1.amazonaws.com").orElseThrow().password());
        assertEquals("home-token", credentials.credentialsFor("127.0.0.1:5000").orElseThrow().password());
        assertEquals(List.of(), rolesOpened);
    }

    @Test
    void aRoleIsOpenedOncePerAccountAndRegion() throws IOException {
        SourceAccountCredentials credentials = provider();
        for (int i = 0; i < 3; i++) {
            credentials.credentialsFor("111111111111.dkr.ecr.eu-west-1.amazonaws.com");
        }
        credentials.credentialsFor("111111111111.dkr.ecr.eu-central-1.amazonaws.com");
        assertEquals(List.of(ROLE_A + "@eu-west-1", ROLE_A + "@eu-central-1"), rolesOpened);
    }
}
