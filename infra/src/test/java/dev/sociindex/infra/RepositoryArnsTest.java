package dev.sociindex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sociindex.contract.ImageFilters;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryArnsTest {
    @Test
    void namedRepositoriesStayExact() {
        assertEquals(List.of("repository/app", "repository/team/api"),
                RepositoryArns.resourceNames(ImageFilters.parse("app:*,team/api:v*")));
    }

    @Test
    void aPrefixGlobBecomesAnIamWildcardOfTheSameShape() {
        assertEquals(List.of("repository/prod-*", "repository/team/*/web"),
                RepositoryArns.resourceNames(ImageFilters.parse("prod-*:*,team/*/web:latest")));
    }

    @Test
    void anAllWildcardRepositoryWidensToEveryRepositoryOnly() {
        assertEquals(List.of("repository/*"), RepositoryArns.resourceNames(ImageFilters.parse("app:*,*:release-*")));
        assertEquals(List.of("repository/*"), RepositoryArns.resourceNames(ImageFilters.parse("**:*")));
    }

    @Test
    void repeatedRepositoriesAppearOnce() {
        assertEquals(List.of("repository/app", "repository/team/*"),
                RepositoryArns.resourceNames(ImageFilters.parse("app:v*,app:latest,team/**:*,team/*:x")));
    }
}
