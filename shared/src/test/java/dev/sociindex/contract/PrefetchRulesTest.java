package dev.sociindex.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrefetchRulesTest {
    @Test
    void anImageGetsThePathsOfEveryRuleItMatches() {
        PrefetchRules rules = PrefetchRules.parse("web/*:*=/srv/app.js, /srv/index.html; web/shop:prod-*=/srv/app.js,/srv/shop.js;api:*=/app/server");
        assertEquals(List.of("/srv/app.js", "/srv/index.html", "/srv/shop.js"), rules.pathsFor("web/shop", "prod-1"));
        assertEquals(List.of("/srv/app.js", "/srv/index.html"), rules.pathsFor("web/shop", "dev"));
        assertEquals(List.of(), rules.pathsFor("other", "v1"));
        assertEquals("web/*:*=/srv/app.js,/srv/index.html;web/shop:prod-*=/srv/app.js,/srv/shop.js;api:*=/app/server", rules.toString());
        assertEquals(PrefetchRules.none(), PrefetchRules.parse(" "));
    }

    @Test
    void malformedRulesAreNamed() {
        assertEquals("prefetch rule 'web:*' must be repository:tag=PATH[,PATH...]",
                assertThrows(IllegalArgumentException.class, () -> PrefetchRules.parse("web:*")).getMessage());
        assertEquals("prefetch rule 'web:*' lists no path",
                assertThrows(IllegalArgumentException.class, () -> PrefetchRules.parse("web:*= , ")).getMessage());
        assertEquals("prefetch rule 'web:*=/a/../b': '/a/../b' is not a file path inside an image",
                assertThrows(IllegalArgumentException.class, () -> PrefetchRules.parse("web:*=/a/../b")).getMessage());
        assertEquals("prefetch rule 'a:*,b:*=/x' must name one repository:tag filter before '='",
                assertThrows(IllegalArgumentException.class, () -> PrefetchRules.parse("a:*,b:*=/x")).getMessage());
    }
}
