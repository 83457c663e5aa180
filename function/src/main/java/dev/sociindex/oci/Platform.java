package dev.sociindex.oci;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An OCI platform (image-spec v1.1.1 {@code Platform}); Go field order: architecture, os, os.version,
 * os.features, variant. Docker's extra {@code features} member is dropped when parsing, as Go does.
 * Strings are never null ({@code ""} = unset); {@code osFeatures} empty = unset.
 */
public record Platform(String architecture, String os, String osVersion, List<String> osFeatures, String variant)
        implements CanonicalJson {

    public Platform {
        architecture = Objects.requireNonNullElse(architecture, "");
        os = Objects.requireNonNullElse(os, "");
        osVersion = Objects.requireNonNullElse(osVersion, "");
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        variant = Objects.requireNonNullElse(variant, "");
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, "", List.of(), variant);
    }

    /**
     * Parses {@code os/arch[/variant]} and normalises it (see {@link #normalize()}). Unlike containerd's parser
     * this does not guess a missing OS or architecture from the running machine: both are required.
     */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
            throw new IllegalArgumentException("platform \"" + text + "\" must be os/arch or os/arch/variant");
        }
        return of(parts[0], parts[1], parts.length == 3 ? parts[2] : "").normalize();
    }

    /** {@code os/arch[/variant]}. */
    public String format() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }

    /**
     * containerd's {@code platforms.Normalize} for the common cases: lower case; OS {@code macos} → darwin;
     * architectures {@code i386} → 386, {@code x86_64}/{@code x86-64} → amd64 (variant {@code v1} dropped),
     * {@code aarch64} → arm64 (variants {@code 8}, {@code v8}, {@code v8.0} dropped), {@code armhf} → arm/v7,
     * {@code armel} → arm/v6, and for arm a bare variant number gains its {@code v} (no variant means v7).
     * OS version and features are kept as they are.
     */
    public Platform normalize() {
        String normalOs = os.toLowerCase(Locale.ROOT);
        if (normalOs.equals("macos")) {
            normalOs = "darwin";
        }
        String arch = architecture.toLowerCase(Locale.ROOT);
        String normalVariant = variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> {
                arch = "386";
                normalVariant = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (normalVariant.equals("v1")) {
                    normalVariant = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (List.of("8", "v8", "v8.0").contains(normalVariant)) {
                    normalVariant = "";
                }
            }
            case "armhf" -> {
                arch = "arm";
                normalVariant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                normalVariant = "v6";
            }
            case "arm" -> {
                if (normalVariant.isEmpty() || normalVariant.equals("7")) {
                    normalVariant = "v7";
                } else if (List.of("5", "6", "8").contains(normalVariant)) {
                    normalVariant = "v" + normalVariant;
                }
            }
            default -> {
                // other architectures have no aliases we know of
            }
        }
        return new Platform(arch, normalOs, osVersion, osFeatures, normalVariant);
    }

    /**
     * containerd's {@code platforms.OnlyStrict(this).Match(other)}: OS, architecture and variant equal after
     * normalisation, and the OS version equal when this platform names one. No fallbacks (arm64 does not accept
     * arm/v8, amd64 does not accept 386).
     */
    public boolean matchesStrictly(Platform other) {
        Platform a = normalize();
        Platform b = other.normalize();
        return a.os.equals(b.os) && a.architecture.equals(b.architecture) && a.variant.equals(b.variant)
                && (a.osVersion.isEmpty() || a.osVersion.equals(b.osVersion));
    }

    /** BuildKit marks attestation manifests in an index with the platform {@code unknown/unknown}. */
    public boolean isUnknown() {
        return os.equals("unknown") && architecture.equals("unknown");
    }

    @Override
    public void writeTo(GoJson json) {
        json.beginObject()
                .member("architecture", architecture)
                .member("os", os)
                .memberOmitEmpty("os.version", osVersion)
                .memberOmitEmpty("os.features", osFeatures)
                .memberOmitEmpty("variant", variant)
                .endObject();
    }

    static Platform read(GoJsonObject json) {
        return new Platform(json.string("architecture"), json.string("os"), json.string("os.version"),
                json.strings("os.features"), json.string("variant"));
    }
}
