package dev.sociindex.oci;

import dev.sociindex.index.SociIndexManifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
        "linux/amd64, linux/amd64",
        "Linux/X86_64, linux/amd64",
        "linux/x86-64, linux/amd64",
        "linux/amd64/v1, linux/amd64",
        "linux/amd64/v3, linux/amd64/v3",
        "linux/aarch64, linux/arm64",
        "linux/arm64/v8, linux/arm64",
        "linux/arm64/8, linux/arm64",
        "linux/arm64/v9, linux/arm64/v9",
        "linux/arm, linux/arm/v7",
        "linux/arm/7, linux/arm/v7",
        "linux/arm/6, linux/arm/v6",
        "linux/armhf, linux/arm/v7",
        "linux/armel, linux/arm/v6",
        "linux/i386, linux/386",
        "macos/arm64, darwin/arm64",
        "linux/ppc64le, linux/ppc64le",
        "windows/amd64, windows/amd64",
    })
    void parseNormalisesTheCommonAliases(String text, String expected) {
        assertEquals(expected, Platform.parse(text).format());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "amd64", "linux/", "/amd64", "linux/arm/v7/extra", "linux//v7", ""})
    void parseRejectsAnythingButOsArchAndOptionalVariant(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Platform.parse(text));
        assertEquals("platform \"" + text + "\" must be os/arch or os/arch/variant", e.getMessage());
    }

    @Test
    void strictMatchComparesNormalisedOsArchAndVariant() {
        Platform amd64 = Platform.parse("linux/amd64");
        assertTrue(amd64.matchesStrictly(Platform.of("linux", "x86_64", "")));
        assertTrue(Platform.parse("linux/arm64").matchesStrictly(Platform.of("linux", "aarch64", "v8")));
        assertFalse(amd64.matchesStrictly(Platform.parse("linux/386")));
        assertFalse(Platform.parse("linux/arm64").matchesStrictly(Platform.parse("linux/arm/v8")));
        assertFalse(Platform.parse("linux/arm/v7").matchesStrictly(Platform.parse("linux/arm/v6")));
        assertFalse(amd64.matchesStrictly(Platform.parse("windows/amd64")));
    }

    @Test
    void osVersionMustMatchOnlyWhenTheWantedPlatformNamesOne() {
        Platform windows = new Platform("amd64", "windows", "10.0.17763.1", List.of(), "");
        Platform anyWindows = Platform.parse("windows/amd64");
        assertTrue(anyWindows.matchesStrictly(windows));
        assertFalse(windows.matchesStrictly(anyWindows));
        assertTrue(windows.matchesStrictly(windows));
    }

    @Test
    void normaliseKeepsOsVersionAndFeatures() {
        Platform platform = new Platform("X86_64", "Windows", "10.0", List.of("win32k"), "").normalize();
        assertEquals(new Platform("amd64", "windows", "10.0", List.of("win32k"), ""), platform);
    }

    @Test
    void attestationPlatformIsUnknownUnknown() {
        assertTrue(Platform.of("unknown", "unknown", "").isUnknown());
        assertFalse(Platform.of("linux", "unknown", "").isUnknown());
    }

    @Test
    void sha256DigestsAreLowercaseHexWithPrefix() {
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                Digests.sha256(SociIndexManifest.configBlob()));
        assertTrue(Digests.isSha256(Digests.sha256(new byte[0])));
        assertFalse(Digests.isSha256("sha256:" + "A".repeat(64)));
        assertFalse(Digests.isSha256("sha512:" + "a".repeat(128)));
    }
}
