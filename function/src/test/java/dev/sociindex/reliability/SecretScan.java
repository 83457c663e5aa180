package dev.sociindex.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Checks captured text for a credential in any form a leak would take: clear, base64 (Basic), or a header. */
public final class SecretScan {
    private SecretScan() {
    }

    public static void assertClean(List<String> texts, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        List<String> needles = List.of(password, basic, "Authorization:", "Basic " + basic.substring(0, 8));
        for (String text : texts) {
            for (String needle : needles) {
                if (text.contains(needle)) {
                    fail("a secret ('" + needle.substring(0, 4) + "...') appears in: " + text);
                }
            }
        }
        if (texts.isEmpty()) {
            fail("nothing was captured to scan");
        }
    }
}
