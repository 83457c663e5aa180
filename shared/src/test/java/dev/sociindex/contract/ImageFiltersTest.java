package dev.sociindex.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageFiltersTest {

    @Test
    void defaultFilterSelectsEverything() {
        ImageFilters filters = ImageFilters.parse(Defaults.FILTERS);
        assertTrue(filters.matches("team/app", "v1"));
        assertTrue(filters.anyRepositoryWildcard());
    }

    @Test
    void globsMatchRepositoryAndTagTogether() {
        ImageFilters filters = ImageFilters.parse("prod-*:release-*, tools:*");
        assertTrue(filters.matches("prod-api", "release-1.2"));
        assertFalse(filters.matches("prod-api", "dev-1"));
        assertTrue(filters.matches("tools", "anything"));
        assertFalse(filters.matches("tools2", "anything"));
    }

    @Test
    void repositoryWithoutTagMeansEveryTag() {
        ImageFilters filters = ImageFilters.parse("app");
        assertEquals("app:*", filters.toString());
        assertTrue(filters.matches("app", "x"));
        assertFalse(filters.anyRepositoryWildcard());
    }

    @Test
    void regexCharactersAreLiteral() {
        ImageFilters filters = ImageFilters.parse("a.b:v1.0");
        assertTrue(filters.matches("a.b", "v1.0"));
        assertFalse(filters.matches("axb", "v1x0"));
    }

    @Test
    void badFiltersNameTheOffendingText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFilters.parse("Bad Repo:x"));
        assertTrue(e.getMessage().contains("Bad Repo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFilters.parse(" , "));
    }

    @Test
    void outputTagRule() {
        assertEquals("v1-soci", OutputTags.outputTag("v1", Defaults.OUTPUT_TAG_SUFFIX));
        assertTrue(OutputTags.isOutputTag("v1-soci", "-soci"));
        assertThrows(IllegalArgumentException.class, () -> OutputTags.outputTag("x".repeat(126), "-soci"));
    }

    @Test
    void repositoryMatchingIgnoresTags() {
        ImageFilters filters = ImageFilters.parse("team/*:prod-*,app:1.0");
        assertTrue(filters.matchesRepository("team/web"));
        assertTrue(filters.matchesRepository("app"));
        assertFalse(filters.matchesRepository("apps"));
        assertFalse(filters.matchesRepository("other/team/web"));
    }
}
